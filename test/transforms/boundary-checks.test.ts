import { describe, expect, it } from "vitest";
import {
  ArgumentError, checkpoint, customJvp, customVjp, DTypeError, grad, hessian, hvp, jacfwd, jacobian, jacrev, jvp, linearize, mul, ShapeError,
  sum, tensor, valueAndGrad, vjp, type Tensor,
} from "../../src/index.js";

const f64 = (x: number[]) => tensor(x, { dtype: "float64" });
const sq = (x: Tensor) => sum(mul(x, x));
/** The transforms with their wrong-typed arguments, called as untyped JavaScript would. */
const untyped = <T>(fn: T) => fn as unknown as (...args: unknown[]) => (...args: unknown[]) => unknown;

describe("transforms check their arguments at the boundary", () => {
  it("f must be a function, named in the error", () => {
    for (const [name, t] of [["grad", grad], ["valueAndGrad", valueAndGrad], ["jacfwd", jacfwd], ["jacrev", jacrev], ["jacobian", jacobian], ["hessian", hessian], ["checkpoint", checkpoint]] as const) {
      expect(() => untyped(t)(5)).toThrow(ArgumentError);
      expect(() => untyped(t)(5)).toThrow(`${name}: f must be a function, got the number 5`);
    }
    expect(() => untyped(jvp)(5, [1], [1])).toThrow("jvp: f must be a function, got the number 5");
    expect(() => untyped(vjp)(null, 1)).toThrow("vjp: f must be a function, got null");
    expect(() => untyped(linearize)("f", 1)).toThrow('linearize: f must be a function, got the string "f"');
    expect(() => untyped(hvp)({}, [1], [1])).toThrow("hvp: f must be a function, got an object");
    expect(() => untyped(customJvp)(sq, 3)).toThrow("customJvp: rule must be a function, got the number 3");
    expect(() => untyped(customVjp)(sq, sq, undefined)).toThrow("customVjp: bwd must be a function, got undefined");
  });

  it("options must be an object with known keys; argnums integers; hasAux a boolean; mode one of three", () => {
    const g = untyped(grad);
    expect(() => g(sq, 5)).toThrow("grad: options must be an options object, got the number 5");
    expect(() => g(sq, [0])).toThrow("grad: options must be an options object, got an array of length 1");
    expect(() => g(sq, { argnum: 1 })).toThrow('grad: options must have keys among argnums, hasAux, got the key "argnum"');
    expect(() => g(sq, { argnums: "a" })).toThrow(ArgumentError);
    expect(() => g(sq, { argnums: "a" })).toThrow('grad: argnums must be an integer or a non-empty array of integers, got the string "a"');
    expect(() => g(sq, { argnums: 1.5 })).toThrow("grad: argnums must be an integer or a non-empty array of integers, got the number 1.5");
    expect(() => g(sq, { argnums: [0, NaN] })).toThrow("grad: argnums must be an integer or a non-empty array of integers, got an array of length 2");
    expect(() => g(sq, { argnums: [] })).toThrow("grad: argnums must be an integer or a non-empty array of integers, got an array of length 0");
    expect(() => untyped(valueAndGrad)(sq, { hasAux: 1 })).toThrow("valueAndGrad: options.hasAux must be a boolean, got the number 1");
    expect(() => untyped(jacobian)(sq, { mode: "fwd" })).toThrow('jacobian: options.mode must be "auto", "forward", "reverse" or "eliminate", got the string "fwd"');
    expect(() => untyped(hessian)(sq, { mode: "forward" })).toThrow('hessian: options must have keys among argnums, chunkSize, got the key "mode"');
  });

  it("argnums out of range raise when called, naming the valid range; negative argnums count from the end", () => {
    const f = (a: Tensor, b: Tensor) => mul(a, b);
    const argnums: number[] = [0, 2];
    expect(() => grad(f, { argnums })(1, 2)).toThrow("grad: argnums must be in [-2, 1] for 2 argument(s), got [0,2]");
    expect(() => jacrev(f, { argnums: [-3] as number[] })(1, 2)).toThrow(ArgumentError);
    expect(() => untyped(grad)(() => 1)()).toThrow("grad: argnums must be an argument index, but f was called with no arguments, got undefined");
    expect(grad(f, { argnums: -2 })(3, 2).item()).toBe(2);
  });

  it("jvp: primals and tangents arrays with the same tree structure, shapes and float dtypes", () => {
    const j = untyped(jvp);
    expect(() => j(sq, f64([1, 2]), [f64([1, 2])])).toThrow("jvp: primals must be an array with one entry per argument of f, got a float64 tensor of shape [2]");
    expect(() => j(sq, [f64([1, 2])], 1)).toThrow("jvp: tangents must be an array with one entry per argument of f, got the number 1");
    expect(() => j(sq, [f64([1, 2])], [{ a: 1 }])).toThrow(ShapeError);
    expect(() => j(sq, [f64([1, 2])], [{ a: 1 }])).toThrow("jvp: tangents must have the tree structure of primals, [*], got [{a: *}]");
    expect(() => j(sq, [f64([1, 2])], [f64([1, 2, 3])])).toThrow("jvp: tangents[0] has shape [3], primals[0] has shape [2]; they must match");
    const loss = (p: { w: Tensor; b: Tensor }, x: Tensor) => sum(mul(mul(p.w, x), p.b));
    const params = { w: f64([1, 2]), b: f64([3, 4]) };
    expect(() => j(loss, [params, f64([1, 1])], [{ w: f64([1, 2]), b: f64([1]) }, f64([1, 1])])).toThrow(
      "jvp: tangents[0].b has shape [1], primals[0].b has shape [2]; they must match",
    );
    expect(() => j(sq, [f64([1, 2])], [tensor([1, 2], { dtype: "int32" })])).toThrow(DTypeError);
    expect(() => j(sq, [f64([1, 2])], [["x"]])).toThrow(ArgumentError);
  });

  it("vjp's pullback: a cotangent of f's output structure and shape", () => {
    const [, pullback] = vjp(sq, f64([1, 2]));
    const pb = pullback as (c: unknown) => unknown;
    expect(() => pb(f64([1, 2]))).toThrow(ShapeError);
    expect(() => pb(f64([1, 2]))).toThrow("vjp pullback: cotangents has shape [2], the output of f has shape []; they must match");
    const [, pb2] = vjp((x: Tensor) => ({ y: [x, sum(x)] }), f64([1, 2]));
    expect(() => (pb2 as (c: unknown) => unknown)({ y: [f64([1, 1]), f64([1, 1])] })).toThrow(
      "vjp pullback: cotangents.y[1] has shape [2], the output of f.y[1] has shape []; they must match",
    );
    expect(() => pb([1, 1])).toThrow("vjp pullback: cotangents must have the tree structure of f's output, *, got [*, *]");
    expect(() => pb("x")).toThrow(ArgumentError);
  });

  it("linearize: tangents with the primals' structure and shapes", () => {
    const [, jvpAt] = linearize((p: { w: Tensor }, x: Tensor) => sum(mul(p.w, x)), { w: f64([1, 2]) }, f64([3, 4]));
    const at = jvpAt as (...t: unknown[]) => unknown;
    expect(() => at({ w: f64([1]) }, f64([0, 0]))).toThrow("linearize: tangents[0].w has shape [1], primals[0].w has shape [2]; they must match");
    expect(() => at(f64([1, 1]))).toThrow(ShapeError);
    expect(() => at(f64([1, 1]))).toThrow("linearize: tangents must have the tree structure of primals, [{w: *}, *], got [*]");
  });

  it("hvp: its own name on a vector of the wrong shape or structure", () => {
    const h = untyped(hvp);
    expect(() => h(sq, [f64([1, 2])], [f64([1, 2, 3])])).toThrow("hvp: tangents[0] has shape [3], primals[0] has shape [2]; they must match");
    expect(() => h(sq, f64([1, 2]), [f64([1, 2])])).toThrow("hvp: primals must be an array with one entry per argument of f, got a float64 tensor of shape [2]");
    expect(() => h(sq, [f64([1, 2])], [f64([1, 2]), 1])).toThrow("hvp: tangents must have the tree structure of primals, [*], got [*, *]");
    expect(() => h(sq, [], [])).toThrow("hvp: primals must be a non-empty array (one entry per argument of f), got an array of length 0");
  });

  it("options are checked once, at creation, not per call", () => {
    const opts = { argnums: 0 };
    const g = grad(sq, opts);
    (opts as { argnums: unknown }).argnums = "changed";
    expect(g(f64([1, 2])).toArray()).toEqual([2, 4]);
  });
});
