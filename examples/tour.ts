// A short tour of wengert (`npm start`), on the worked example of Baydin et al.'s AD survey (2018):
// f(x1, x2) = ln(x1) + x1·x2 − sin(x2) at (2, 5). It prints the three tables (the evaluation
// trace, the forward tangent trace, the reverse adjoint trace), differentiates f in forward and reverse
// mode, shows dual numbers, a Jacobian and a Hessian, a formula read from text, the eager API, and
// writes the computational graph to an SVG file.
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import {
  add, dualLevel, forwardTable, grad, hessian, jacobian, jvp, log, makeDual, mul, parseExpression, reverseTable, sin, stack, sub,
  tensor, trace, unpackDual, valueAndGrad, type Tensor,
} from "wengert";

const f = (x1: Tensor, x2: Tensor) => sub(add(log(x1), mul(x1, x2)), sin(x2));
const fmt = (t: Tensor) => t.item().toFixed(4);
const heading = (text: string) => console.log(`\n${text}\n${"=".repeat(text.length)}\n`);

console.log("f(x1, x2) = ln(x1) + x1·x2 − sin(x2)   at (x1, x2) = (2, 5)");

// 1. The evaluation trace (Wengert list): every primitive f applies, numbered as in Griewank & Walther.
heading("§2.1 The evaluation trace: trace(f, 2, 5)");
const program = trace(f, 2, 5);
console.log(program.toString());

// 2. Forward mode: a tangent v̇ beside every v, seeded with ẋ1 = 1, computed by each primitive's rule.
heading("§2.4 Forward mode: forwardTable(f, [2, 5], [1, 0])");
console.log(forwardTable(f, [2, 5], [1, 0]).toString());

// 3. Reverse mode: adjoints v̄ swept from ȳ = 1 back to the inputs; v̄0 and v̄−1 accumulate in two steps.
heading("§2.6 Reverse mode: reverseTable(f, [2, 5])  (the adjoint trace runs upwards)");
console.log(reverseTable(f, [2, 5]).toString());

// The same derivatives from the transforms: one jvp per seed in forward mode, one sweep in reverse mode.
heading("The transforms");
const [y, dydx1] = jvp(f, [2, 5], [1, 0]);
const [, dydx2] = jvp(f, [2, 5], [0, 1]);
console.log("forward mode (jvp), one pass per seed:");
console.log(`  seed ẋ = (1, 0): y = ${fmt(y)}, ẏ = ∂f/∂x1 = ${fmt(dydx1)}`);
console.log(`  seed ẋ = (0, 1): y = ${fmt(y)}, ẏ = ∂f/∂x2 = ${fmt(dydx2)}`);
const [value, [g1, g2]] = valueAndGrad(f, { argnums: [0, 1] })(2, 5);
console.log("reverse mode (grad), one backward sweep for the whole gradient:");
console.log(`  y = ${fmt(value)}, ∇f = (${fmt(g1)}, ${fmt(g2)})   [closed form: (1/x1 + x2, x1 − cos x2) = (5.5, 1.7163)]`);
console.log(`  and of the traced program: grad(program.evaluate) = ${fmt(grad(program.evaluate)(2, 5) as Tensor)}`);

// 4. Dual numbers you can hold (§2.2–2.5): a + ȧε with ε² = 0, at a forward-mode level; levels nest.
heading("Dual numbers: dualLevel, makeDual, unpackDual");
dualLevel(() => {
  const x1 = makeDual(2, 1); // 2 + 1ε
  const { primal, tangent } = unpackDual(f(x1, tensor(5, { dtype: "float64" })));
  console.log(`f(2 + ε, 5) = ${fmt(primal)} + ${fmt(tangent!)}ε`);
  // An inner level with its own ε: y = x1 + ε₂, so unpacking twice gives the first and second derivative.
  const d2 = dualLevel(() => {
    const y = makeDual(x1, 1);
    return unpackDual(mul(mul(y, y), y)).tangent!;
  });
  console.log(`nested levels: d/dx x³ = 3x² = ${fmt(unpackDual(d2).primal)}, d²/dx² x³ = 6x = ${fmt(unpackDual(d2).tangent!)} at x = 2`);
});

// 5. Transforms nest freely: a Jacobian (mode chosen by size) and a Hessian (forward over reverse).
heading("A Jacobian and a Hessian");
const x0 = tensor([2, 5], { dtype: "float64" });
const parts = (x: Tensor) => [x.slice([0], [1]).reshape([]), x.slice([1], [1]).reshape([])] as const;
const vector = (x: Tensor) => {
  const [a, b] = parts(x);
  return stack([mul(a, b), sin(a), add(a, b)]);
};
console.log("Jacobian of x ↦ [x1·x2, sin(x1), x1 + x2] at (2, 5):");
console.log(jacobian(vector)(x0).toString());
console.log("\nHessian of f at (2, 5)   [closed form: [[−1/x1², 1], [1, sin x2]]]:");
console.log(hessian((x: Tensor) => f(...parts(x)))(x0).toString());

// 6. Math as text: a real parser (no eval), every op by name, errors that point at the column.
heading('Math as text: parseExpression("ln(x1) + x1*x2 - sin(x2)")');
const expr = parseExpression("ln(x1) + x1*x2 - sin(x2)");
const [e1, e2] = grad(expr.fn, { argnums: [0, 1] })(2, 5) as Tensor[];
console.log(`variables ${JSON.stringify(expr.variables)}, gradient at (2, 5): (${fmt(e1!)}, ${fmt(e2!)})`);
try {
  parseExpression("sin(x1))");
} catch (e) {
  console.log(`parseExpression("sin(x1))") → ${(e as Error).message}`);
}
console.log('(on the command line: npx wengert trace "ln(x1) + x1*x2 - sin(x2)" --at x1=2,x2=5)');

// 7. The eager API: mark variables, run forward code, call backward(), read .grad.
heading("The eager API");
const x1 = tensor(2, { dtype: "float64", requiresGrad: true });
const x2 = tensor(5, { dtype: "float64", requiresGrad: true });
f(x1, x2).backward();
console.log(`loss.backward() fills .grad: x1.grad = ${fmt(x1.grad!)}, x2.grad = ${fmt(x2.grad!)}  (same as grad: ${fmt(grad(f)(2, 5))})`);

// 8. The computational graph as a picture, with values, tangents (ẋ1 = 1) and adjoints (ȳ = 1).
heading("The graph");
const dir = resolve("out", "tour");
mkdirSync(dir, { recursive: true });
const file = join(dir, "wengert-graph.svg");
writeFileSync(file, await program.toSVG({ tangents: [1, 0], cotangent: true }));
console.log(`wrote the computational graph of f (Graphviz layout, values, tangents, adjoints) to ${file}`);
