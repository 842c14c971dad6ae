// multiDot (optimal order), cross, vecdot and matrixRank: NumPy values, the chosen order, derivatives
// (both modes, second order), batches, float32 and errors.
import { describe, expect, it } from "vitest";
import { chainOrder, showChain } from "../../src/linalg/chain-order.js";
import { cross } from "../../src/linalg/cross.js";
import { matrixRank } from "../../src/linalg/matrix-rank.js";
import { multiDot } from "../../src/linalg/multi-dot.js";
import { vecdot } from "../../src/linalg/vecdot.js";
import { matmul, mul, sum } from "../../src/ops/index.js";
import { checkGrads } from "../../src/testing/check-grads.js";
import { tensor } from "../../src/tensor/creation.js";
import { expectNear, f64, gaussian, usv } from "./helpers.js";

describe("multiDot", () => {
  it("equals the left-to-right product, with vectors at either end, batched", () => {
    const [a, b, c, d] = [gaussian([4, 2], 1), gaussian([2, 5], 2), gaussian([5, 3], 3), gaussian([3, 1], 4)];
    expectNear(multiDot([a, b, c, d]), matmul(matmul(matmul(a, b), c), d), 1e-13);
    const v = gaussian([4], 5);
    const w = gaussian([3], 6);
    expectNear(multiDot([v, a, b, c, w]), sum(mul(matmul(matmul(matmul(v, a), b), c), w)), 1e-13);
    expect(multiDot([v, a, b]).shape).toEqual([5]);
    expect(multiDot([b, c, w]).shape).toEqual([2]);
    const batched = gaussian([2, 4, 2], 7);
    expectNear(multiDot([batched, b, c]), matmul(matmul(batched, b), c), 1e-13);
  });
  it("chooses the cheapest order (Cormen et al.'s example; (AB)C for 10×100·100×5·5×50; A(Bv))", () => {
    expect(showChain(chainOrder([30, 35, 15, 5, 10, 20, 25]), 0, 5)).toBe("((A0(A1A2))((A3A4)A5))");
    expect(showChain(chainOrder([10, 100, 5, 50]), 0, 2)).toBe("((A0A1)A2)");
    expect(showChain(chainOrder([100, 5, 50, 1]), 0, 2)).toBe("(A0(A1A2))");
  });
  it("derivatives both modes and second order", () => {
    checkGrads((a, b, c) => multiDot([a, b, c]), [gaussian([2, 3], 12), gaussian([3, 4], 13), gaussian([4], 14)], { rtol: 1e-6 });
    checkGrads((a, b, c) => multiDot([a, b, c]), [gaussian([3], 15), gaussian([3, 2], 16), gaussian([2, 2], 17)], { order: 2, rtol: 1e-5 });
  });
  it("errors name multiDot, the argument, what was expected and what was given", () => {
    expect(() => multiDot([f64([[1, 2]])])).toThrow(/multiDot: tensors must be an array of at least 2 tensors, got an array of length 1/);
    expect(() => multiDot([f64([[1, 2]]), f64([[1, 2]])])).toThrow(/multiDot: tensors\[1\] must have 2 rows to follow tensors\[0\] \[1, 2\], got shape \[1, 2\]/);
    expect(() => multiDot([f64([[1, 2]]), f64([1, 2]), f64([[1]])])).toThrow(/multiDot: tensors\[1\] must be a matrix \(only the first and last may be vectors\), got shape \[2\]/);
  });
});

describe("cross and vecdot", () => {
  it("cross: NumPy's values, any dim, broadcasting; bilinear derivatives", () => {
    expectNear(cross(f64([1, 0, 0]), f64([0, 1, 0])), [0, 0, 1], 0);
    expectNear(cross(f64([[1, 2, 3], [4, 5, 6]]), f64([7, 8, 10])), [[-4, 11, -6], [2, 2, -3]], 1e-15); // np.cross
    expectNear(cross(f64([[1, 4], [2, 5], [3, 6]]), f64([[7, 7], [8, 8], [10, 10]]), { dim: 0 }), [[-4, 2], [11, 2], [-6, -3]], 1e-15);
    checkGrads((a, b) => cross(a, b), [gaussian([2, 3], 18), gaussian([3], 19)], { order: 2, rtol: 1e-6 });
    expect(cross(tensor([1, 0, 0], { dtype: "float32" }), tensor([0, 1, 0], { dtype: "float32" })).dtype).toBe("float32");
  });
  it("vecdot: Σ x·y along dim, broadcasting; derivatives", () => {
    expectNear(vecdot(f64([[1, 2], [3, 4]]), f64([1, 1])), [3, 7], 0);
    expectNear(vecdot(f64([[1, 2], [3, 4]]), f64([[1], [2]]), { dim: 0 }), [7, 10], 0);
    checkGrads((a, b) => vecdot(a, b), [gaussian([2, 3], 20), gaussian([3], 21)], { order: 2, rtol: 1e-6 });
  });
  it("errors name the function, the argument, what was expected and what was given", () => {
    expect(() => cross(f64([1, 2]), f64([1, 2]))).toThrow(/cross: a and b must have size 3 along dim -1, got shapes \[2\] and \[2\]/);
    expect(() => cross(f64([1, 2, 3]), f64([1, 2, 3]), { dim: 1 })).toThrow(/cross.*options\.dim/);
    expect(() => cross(f64([1, 2, 3]), f64([1, 2, 3]), { dim: 0.5 })).toThrow(/cross: options\.dim must be an integer, got the number 0\.5/);
    expect(() => vecdot(f64([1, 2]), f64([1, 2, 3]))).toThrow(/vecdot/);
    expect(() => vecdot(f64([1, 2]), f64([1, 2]), { axis: 0 } as never)).toThrow(/vecdot: options\.axis is not an option/);
  });
});

describe("matrixRank", () => {
  it("counts singular values above the cutoff (PyTorch's defaults), batched, hermitian", () => {
    expect(matrixRank(f64([[1, 2], [2, 4]])).item()).toBe(1);
    const U = gaussian([2, 5, 3], 22);
    const A = usv(U, f64([[3, 1, 0], [2, 1e-3, 1e-18]]), gaussian([2, 3, 4], 23));
    const r = matrixRank(A);
    expect(r.dtype).toBe("int32");
    expect(Array.from(r.data())).toEqual([2, 2]);
    expect(Array.from(matrixRank(A, { rtol: 1e-2 }).data())).toEqual([2, 1]);
    expect(Array.from(matrixRank(A, { atol: 1e-2 }).data())).toEqual([2, 1]);
    expect(matrixRank(f64([[1, 1, 1], [1, 1, 1], [1, 1, 1]]), { hermitian: true }).item()).toBe(1);
    expect(matrixRank(f64([[1, 0], [0, -1]]), { hermitian: true }).item()).toBe(2);
    expect(matrixRank(tensor([[1, 2], [3, 4]], { dtype: "float32" })).item()).toBe(2);
  });
  it("errors name matrixRank", () => {
    expect(() => matrixRank(f64([1, 2]))).toThrow(/matrixRank: the argument must be a matrix .*\[2\]/);
    expect(() => matrixRank(f64([[1, 2]]), { atol: Number.NaN })).toThrow(/matrixRank: options\.atol must be a finite number ≥ 0, got the number NaN/);
    expect(() => matrixRank(f64([[1, 2]]), { tol: 1 } as never)).toThrow(/matrixRank: options\.tol is not an option/);
  });
});
