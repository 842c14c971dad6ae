// Code that must NOT type-check: every `@ts-expect-error` below fails `npm run typecheck` if its
// error disappears. The function is never called (each line would also throw at run time).
import {
  grad, hessian, hvp, jacfwd, jacobian, jacrev, jvp, linearize, mul, sum, valueAndGrad, vjp, type Tensor,
} from "../../src/index.js";

type Params = { w: Tensor; b: Tensor };
declare const params: Params;
declare const x: Tensor;
declare const loss: (p: Params, x: Tensor) => Tensor;
const f2 = (a: Tensor, b: Tensor) => mul(mul(a, a), b);

/** Never called: a list of wrong uses the types must reject. */
export function rejected(): void {
  const [gw, gx] = grad(loss, { argnums: [0, 1] })(params, x);
  // @ts-expect-error: the tree gradient has no key z
  void gw.z;
  // @ts-expect-error: the gradient of a Tensor argument is a Tensor, not a tree
  void gx.w;
  // @ts-expect-error: a single argnums gives one gradient, not a tuple
  void grad(f2, { argnums: 1 })(3, 2)[0].item();
  // @ts-expect-error: the default argnums 0 of loss is the tree, not a Tensor
  void grad(loss)(params, x).item();

  // @ts-expect-error: argnums 2 is out of range for a function of two arguments
  void grad(f2, { argnums: 2 });
  // @ts-expect-error: argnums [0, 2] names a third argument
  void valueAndGrad(f2, { argnums: [0, 2] });
  // @ts-expect-error: argnums -3 is out of range for two arguments
  void jacrev(f2, { argnums: -3 });
  // @ts-expect-error: argnums must be numbers
  void grad(f2, { argnums: "a" });
  // @ts-expect-error: argnums as a string array
  void hessian(f2, { argnums: ["0"] });
  // @ts-expect-error: an unknown option
  void grad(f2, { argnum: 1 });
  // @ts-expect-error: options must be an object
  void grad(f2, 5);
  // @ts-expect-error: f must be a function
  void grad(5);
  // @ts-expect-error: hessian has no mode option (it is always forward-over-reverse)
  void hessian(f2, { mode: "forward" });
  // @ts-expect-error: jacobian's mode is "auto", "forward", "reverse" or "eliminate"
  void jacobian(f2, { mode: "fwd" });

  // @ts-expect-error: grad needs a scalar (Tensor or number) value
  void grad((t: Tensor) => String(t));
  // @ts-expect-error: hasAux needs f to return [value, aux]
  void grad(f2, { hasAux: true });
  const [[, aux]] = valueAndGrad((t: Tensor) => [sum(t), { n: 1 }] as const, { hasAux: true })(x);
  // @ts-expect-error: aux keeps its type: n is a number, not a Tensor
  void aux.n.item();

  // @ts-expect-error: the transformed function takes f's arguments
  void grad(loss)(params);
  // @ts-expect-error: a tree argument must have f's keys
  void grad(loss)({ w: x }, x);
  // @ts-expect-error: a string is not a number or a Tensor
  void grad(f2)("1", 2);

  // @ts-expect-error: jvp's primals are f's arguments
  void jvp(f2, ["a", 2], [1, 1]);
  // @ts-expect-error: tangents mirror primals: one per argument
  void jvp(f2, [1, 2], [1]);
  // @ts-expect-error: a tree primal needs a tree tangent
  void jvp(loss, [params, x], [x, x]);
  const [y, tangent] = jvp(f2, [1, 2], [1, 0]);
  // @ts-expect-error: jvp of a Tensor-valued f gives Tensors, not arrays
  void y.length;
  void tangent;

  const [, pullback] = vjp(loss, params, x);
  // @ts-expect-error: the cotangent mirrors f's output (a Tensor), not a tree
  void pullback({ a: 1 });
  // @ts-expect-error: the pullback gives one cotangent per primal, the first a tree
  void pullback(1)[0].item();

  const [, jvpAt] = linearize(f2, 1, 2);
  // @ts-expect-error: linearize's tangents mirror the primals
  void jvpAt(1);

  // @ts-expect-error: hvp's tangents mirror the primals
  void hvp(loss, [params, x], [x, x]);

  // @ts-expect-error: with array argnums, jacfwd gives a tuple, not a Tensor
  void jacfwd(f2, { argnums: [0, 1] })(3, 2).shape;
  // @ts-expect-error: hessian with array argnums is nested two levels: H[0] is a tuple
  void hessian(f2, { argnums: [0, 1] })(3, 2)[0].toArray();
}
