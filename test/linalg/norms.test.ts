// linalg.vectorNorm and linalg.norm: NumPy values for every ord, dim/keepdim, the dispatch rules of
// torch.linalg.norm, derivatives in both modes and at second order, float32 and errors.
import { describe, expect, it } from "vitest";
import { linalgNorm } from "../../src/linalg/linalg-norm.js";
import { matrixNorm } from "../../src/linalg/matrix-norm.js";
import { vectorNorm } from "../../src/linalg/vector-norm.js";
import { transpose } from "../../src/ops/index.js";
import { checkGrads } from "../../src/testing/check-grads.js";
import { tensor } from "../../src/tensor/creation.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { grad } from "../../src/transforms/grad.js";
import { expectNear, f64, gaussian } from "./helpers.js";

const X = [[1, -2, 0], [3, 0.5, -4]];

describe("vectorNorm", () => {
  it("NumPy's values for ord 2, 1, ∞, −∞, 0, 3, 0.5, −1 over all elements and along an axis", () => {
    // np.linalg.norm(np.ravel(X), ord) and np.linalg.norm(X, ord, axis=1)
    const cases: [number, number, number[]][] = [
      [2, 5.5, [2.23606797749979, 5.024937810560445]],
      [1, 10.5, [3, 7.5]],
      [Infinity, 4, [2, 4]],
      [-Infinity, 0, [0, 0.5]],
      [0, 5, [2, 3]],
      [3, 4.643522023687861, [2.080083823051904, 4.5]],
      [-1, 0, [0, 0.3870967741935484]],
    ];
    for (const [ord, all, rows] of cases) {
      expectNear(vectorNorm(f64(X), ord), all, 1e-14, `ord ${ord}`);
      expectNear(vectorNorm(f64(X), ord, { dim: 1 }), rows, 1e-14, `ord ${ord}, dim 1`);
    }
    expectNear(vectorNorm(f64([1, 4, 9]), 0.5), 36, 1e-13);
  });
  it("dim as a list and keepdim", () => {
    const v = vectorNorm(gaussian([2, 3, 4], 1), 2, { dim: [0, 2], keepdim: true });
    expect(v.shape).toEqual([1, 3, 1]);
    expect(vectorNorm(f64(X), 1, { dim: -1, keepdim: true }).shape).toEqual([2, 1]);
  });
  it("gradients: closed form for p = 3, zero counts have none, finite differences both modes and order 2", () => {
    const x = f64([1, -2, 0.5]);
    const g = grad((t: Tensor) => vectorNorm(t, 3))(x) as Tensor;
    const n = Math.cbrt(1 + 8 + 0.125);
    expectNear(g, [1 / n ** 2, -4 / n ** 2, 0.25 / n ** 2], 1e-14);
    expectNear(grad((t: Tensor) => vectorNorm(t, 0))(x) as Tensor, [0, 0, 0], 0);
    for (const ord of [2, 1, 3, 0.5, -1.5, Infinity, -Infinity])
      checkGrads((t) => vectorNorm(t, ord, { dim: 1 }), [gaussian([2, 3], 2)], { rtol: 1e-5, name: `ord ${ord}` });
    checkGrads((t) => vectorNorm(t, 3), [gaussian([4], 3)], { order: 2, rtol: 1e-5 });
  });
  it("float32 stays float32", () => {
    const v = vectorNorm(tensor([3, 4], { dtype: "float32" }));
    expect(v.dtype).toBe("float32");
    expectNear(v, 5, 0);
  });
  it("errors name vectorNorm, the argument, what was expected and what was given", () => {
    expect(() => vectorNorm(f64(X), Number.NaN)).toThrow(/vectorNorm: ord must be a number .*got the number NaN/);
    expect(() => vectorNorm(f64(X), "fro" as never)).toThrow(/vectorNorm: ord must be a number .*got the string "fro"/);
    expect(() => vectorNorm(f64(X), 2, { dim: 2 })).toThrow(/vectorNorm.*axis/);
    expect(() => vectorNorm(f64(X), 2, { keepdim: 1 as never })).toThrow(/vectorNorm: options\.keepdim must be a boolean, got the number 1/);
    expect(() => vectorNorm(f64(X), 2, { axis: 1 } as never)).toThrow(/vectorNorm: options\.axis is not an option/);
  });
});

describe("linalg.norm dispatch (torch.linalg.norm)", () => {
  const A = f64(X);
  it("no ord, no dim: the 2-norm of all elements, any rank", () => {
    expectNear(linalgNorm(A), 5.5, 1e-14);
    expectNear(linalgNorm(gaussian([2, 2, 2], 4)), vectorNorm(gaussian([2, 2, 2], 4)), 0);
  });
  it("ord without dim: vector norm of a 1-D, matrix norm of a 2-D input", () => {
    expectNear(linalgNorm(f64([3, -4]), 1), 7, 0);
    expectNear(linalgNorm(A, 1), 4, 1e-15); // np.linalg.norm(X, 1): largest column sum
    expectNear(linalgNorm(A, Infinity), 7.5, 1e-15);
    expectNear(linalgNorm(A, "nuc"), matrixNorm(A, "nuc"), 1e-15);
    expectNear(linalgNorm(A, 2), 5.044367227535482, 1e-13); // np.linalg.norm(X, 2)
  });
  it("dim: one axis gives a vector norm, two axes a matrix norm of those axes (in that order)", () => {
    expectNear(linalgNorm(A, 1, { dim: 1 }), [3, 7.5], 1e-15);
    const B = gaussian([3, 2, 4], 5);
    expectNear(linalgNorm(B, 1, { dim: [0, 2] }), matrixNorm(transpose(B, [1, 0, 2]), 1), 1e-15);
    expectNear(linalgNorm(B, 1, { dim: [2, 0] }), matrixNorm(transpose(B, [1, 2, 0]), 1), 1e-15);
    expect(linalgNorm(B, "fro", { dim: [0, 2], keepdim: true }).shape).toEqual([1, 2, 1]);
    checkGrads((b) => linalgNorm(b, "nuc", { dim: [0, 2] }), [B], { rtol: 1e-5 });
  });
  it("errors name norm, the argument, what was expected and what was given", () => {
    expect(() => linalgNorm(f64([1, 2]), "fro")).toThrow(/norm: ord must be a number for a vector norm .*got the string "fro"/);
    expect(() => linalgNorm(gaussian([2, 2, 2], 6), 1)).toThrow(/norm: x must be 1-D or 2-D when ord is given without dim, got shape \[2, 2, 2\]/);
    expect(() => linalgNorm(A, 3)).toThrow(/norm: ord must be one of "fro", "nuc", .* for a matrix norm, got the number 3/);
    expect(() => linalgNorm(A, "fro", { dim: [1, 1] })).toThrow(/norm: options\.dim must be two different axes/);
    expect(() => linalgNorm(A, "fro", { dim: [0, 1, 2] as never })).toThrow(/norm: options\.dim must be an axis or a pair of axes, got an array of length 3/);
  });
});
