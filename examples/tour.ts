// A short tour of wengert on the worked example of the design notes:
// f(x1, x2) = ln(x1) + x1·x2 − sin(x2) at (2, 5), differentiated in forward and reverse mode,
// then nested (a Hessian), then the PyTorch-style eager API. Run it with `npm start`.
import { add, grad, hessian, jacobian, jvp, log, mul, sin, stack, sub, tensor, valueAndGrad, type Tensor } from "../src/index.js";

const f = (x1: Tensor, x2: Tensor) => sub(add(log(x1), mul(x1, x2)), sin(x2));
const fmt = (t: Tensor) => t.item().toFixed(4);

console.log("f(x1, x2) = ln(x1) + x1·x2 − sin(x2)   at (x1, x2) = (2, 5)\n");

// Forward mode: one pass per input direction, carrying a tangent with every value (dual numbers).
const [y, dydx1] = jvp(f, [2, 5], [1, 0]);
const [, dydx2] = jvp(f, [2, 5], [0, 1]);
console.log("forward mode (jvp), one pass per seed:");
console.log(`  seed ẋ = (1, 0): y = ${fmt(y)}, ẏ = ∂f/∂x1 = ${fmt(dydx1)}`);
console.log(`  seed ẋ = (0, 1): y = ${fmt(y)}, ẏ = ∂f/∂x2 = ${fmt(dydx2)}\n`);

// Reverse mode: one forward pass recording the evaluation trace, one backward pass of adjoints.
const [value, [g1, g2]] = valueAndGrad(f, { argnums: [0, 1] })(2, 5);
console.log("reverse mode (grad), one backward sweep for the whole gradient:");
console.log(`  y = ${fmt(value)}, ∇f = (${fmt(g1)}, ${fmt(g2)})   [closed form: (1/x1 + x2, x1 − cos x2) = (5.5, 1.7163)]\n`);

// Transforms nest freely: the Hessian is forward mode over reverse mode.
const fv = (x: Tensor) => f(x.slice([0], [1]).reshape([]), x.slice([1], [1]).reshape([]));
const x0 = tensor([2, 5], { dtype: "float64" });
console.log("Hessian (forward-over-reverse):");
console.log(hessian(fv)(x0).toString(), "\n");
console.log("Jacobian of x ↦ [x1·x2, sin(x1), x1 + x2] (mode chosen by size):");
const parts = (x: Tensor) => [x.slice([0], [1]).reshape([]), x.slice([1], [1]).reshape([])] as const;
const vector = (x: Tensor) => {
  const [a, b] = parts(x);
  return stack([mul(a, b), sin(a), add(a, b)]);
};
console.log(jacobian(vector)(x0).toString(), "\n");

// The eager API of the notes' §4: mark variables, run forward code, call backward(), read .grad.
const x1 = tensor(2, { dtype: "float64", requiresGrad: true });
const x2 = tensor(5, { dtype: "float64", requiresGrad: true });
const loss = f(x1, x2);
loss.backward();
console.log("eager API: loss.backward() fills .grad:");
console.log(`  x1.grad = ${fmt(x1.grad!)}, x2.grad = ${fmt(x2.grad!)}`);
console.log(`  (same as grad: ${fmt(grad(f)(2, 5))})`);
