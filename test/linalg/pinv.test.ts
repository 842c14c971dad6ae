// linalg.pinv: Penrose conditions, closed forms, NumPy values, derivatives (both modes, second order),
// batches, float32, hermitian, tolerances and errors.
import { describe, expect, it } from "vitest";
import { pinv } from "../../src/linalg/pinv.js";
import { matmul } from "../../src/ops/index.js";
import { checkGrads } from "../../src/testing/check-grads.js";
import { tensor } from "../../src/tensor/creation.js";
import { expectNear, f64, gaussian, mT, spd } from "./helpers.js";

describe("pinv", () => {
  it("a rank-1 matrix: A⁺ = Aᵀ/‖A‖²_F (NumPy: [[0.04, 0.08], [0.08, 0.16]])", () => {
    expectNear(pinv(f64([[1, 2], [2, 4]])), [[0.04, 0.08], [0.08, 0.16]], 1e-15);
  });
  it("a tall full-rank matrix: the four Penrose conditions and (AᵀA)⁻¹Aᵀ", () => {
    const A = gaussian([5, 3], 1);
    const X = pinv(A);
    expect(X.shape).toEqual([3, 5]);
    expectNear(matmul(matmul(A, X), A), A, 1e-13, "AXA = A");
    expectNear(matmul(matmul(X, A), X), X, 1e-13, "XAX = X");
    expectNear(matmul(A, X), mT(matmul(A, X)), 1e-13, "AX symmetric");
    expectNear(matmul(X, A), mT(matmul(X, A)), 1e-13, "XA symmetric");
  });
  it("NumPy's values for a rank-deficient 3×4 matrix", () => {
    // np.linalg.pinv(np.array([[1, 2, 3, 4], [2, 4, 6, 8], [1, 0, 1, 0.]]))
    const want = [
      [-0.00909090909090877, -0.01818181818181837, 0.590909090909091],
      [0.01818181818181808, 0.03636363636363641, -0.18181818181818193],
      [0.009090909090909316, 0.018181818181818056, 0.40909090909090917],
      [0.036363636363636154, 0.07272727272727281, -0.3636363636363636],
    ];
    expectNear(pinv(f64([[1, 2, 3, 4], [2, 4, 6, 8], [1, 0, 1, 0]])), want, 1e-12);
  });
  it("rtol and atol cut small singular values (PyTorch's semantics)", () => {
    const A = f64([[1, 0], [0, 1e-3]]);
    expectNear(pinv(A), [[1, 0], [0, 1000]], 1e-10);
    expectNear(pinv(A, { rtol: 1e-2 }), [[1, 0], [0, 0]], 0);
    expectNear(pinv(A, { atol: 1e-2 }), [[1, 0], [0, 0]], 0);
    expectNear(pinv(A, { atol: 1e-4 }), [[1, 0], [0, 1000]], 1e-10);
  });
  it("hermitian: equals the SVD route for symmetric (indefinite) matrices, batched", () => {
    const S = f64([[[2, 1, 0], [1, -3, 1], [0, 1, 1]], [[1, 1, 1], [1, 1, 1], [1, 1, 1]]]);
    expectNear(pinv(S, { hermitian: true }), pinv(S), 1e-13);
  });
  it("batched equals per-matrix; float32 stays float32", () => {
    const A = gaussian([2, 3, 4], 2);
    const X = pinv(A);
    expect(X.shape).toEqual([2, 4, 3]);
    const X32 = pinv(tensor([[1, 2], [3, 4], [5, 6]], { dtype: "float32" }));
    expect(X32.dtype).toBe("float32");
    expectNear(X32, [[-1.3333333, -0.3333333, 0.6666667], [1.0833333, 0.3333333, -0.4166667]], 1e-5);
  });
  it("derivatives against finite differences, both modes, second order", () => {
    checkGrads((a) => pinv(a), [gaussian([4, 3], 3)], { rtol: 1e-5 });
    checkGrads((a) => pinv(a), [gaussian([2, 2, 3], 4)], { rtol: 1e-5 });
    checkGrads((a) => pinv(a, { hermitian: true }), [spd([3, 3], 5)], { rtol: 1e-5 });
    checkGrads((a) => pinv(a), [gaussian([3, 2], 6)], { order: 2, rtol: 1e-4 });
  });
  it("errors name pinv, the argument, what was expected and what was given", () => {
    expect(() => pinv(f64([1, 2]))).toThrow(/pinv: the argument must be a matrix .*got shape \[2\]/);
    expect(() => pinv(f64([[1, 2, 3]]), { hermitian: true })).toThrow(/pinv: the matrix \(hermitian: true\) must be square .*\[1, 3\]/);
    expect(() => pinv(f64([[1]]), { rtol: -1 })).toThrow(/pinv: options\.rtol must be a finite number ≥ 0, got the number -1/);
    expect(() => pinv(f64([[1]]), { rcond: 1 } as never)).toThrow(/pinv: options\.rcond is not an option/);
  });
});

describe("pinv at rank-deficient matrices", () => {
  it("along the rank-2 manifold A = B·C (constant rank) the derivative is the true one (finite differences, both modes)", () => {
    checkGrads((b, c) => pinv(matmul(b, c)), [gaussian([4, 2], 7), gaussian([2, 3], 8)], { rtol: 1e-5 });
    const D = f64([[1, 0], [0, -2]]); // B·D·Bᵀ: symmetric, indefinite, rank 2 of 3
    checkGrads((b) => pinv(matmul(matmul(b, D), mT(b)), { hermitian: true }), [gaussian([3, 2], 9)], { rtol: 1e-5 });
  });
});
