// vander, householderProduct, tensorsolve and tensorinv: NumPy/LAPACK values, identities, derivatives
// (both modes, second order), batches, float32 and errors.
import { describe, expect, it } from "vitest";
import { householderProduct } from "../../src/linalg/householder-product.js";
import { inv } from "../../src/linalg/solve.js";
import { tensorinv, tensorsolve } from "../../src/linalg/tensor-solve.js";
import { vander } from "../../src/linalg/vander.js";
import { mul, reshape } from "../../src/ops/index.js";
import { tensordot } from "../../src/linalg/tensordot.js";
import { checkGrads } from "../../src/testing/check-grads.js";
import { eye, tensor } from "../../src/tensor/creation.js";
import { expectNear, expectOrthonormalColumns, f64, gaussian } from "./helpers.js";

describe("vander", () => {
  it("NumPy's vander(x, 5, increasing=True); batches; derivatives at x = 0 too", () => {
    const want = [[1, 1, 1, 1, 1], [1, 2, 4, 8, 16], [1, 3, 9, 27, 81], [1, 0.5, 0.25, 0.125, 0.0625]];
    expectNear(vander(f64([1, 2, 3, 0.5]), { N: 5 }), want, 0);
    expect(vander(f64([1, 2, 3])).shape).toEqual([3, 3]);
    expect(vander(gaussian([2, 3], 1), { N: 2 }).shape).toEqual([2, 3, 2]);
    checkGrads((x) => vander(x, { N: 4 }), [f64([0, 1.5, -2])], { order: 2, rtol: 1e-6 });
    expect(vander(tensor([1, 2], { dtype: "float32" })).dtype).toBe("float32");
  });
  it("errors name vander", () => {
    expect(() => vander(f64([1, 2]), { N: 0 })).toThrow(/vander: options\.N must be an integer ≥ 1, got the number 0/);
    expect(() => vander(3)).toThrow(/vander: x must be a vector or a batch of vectors \(rank ≥ 1\), got shape \[\]/);
  });
});

describe("householderProduct", () => {
  // scipy.linalg.lapack.dgeqrf(A) and dorgqr(qr, tau) for A = [[2,1,0],[1,3,1],[0,1,4],[1,0,1],[2,2,1]]
  const qr = f64([
    [-3.1622776601683795, -2.8460498941515415, -1.2649110640673515],
    [0.19371294336139652, -2.6267851073127395, -2.0557448665925793],
    [0.0, 0.20484434498690168, -3.6295885501635388],
    [0.19371294336139652, -0.15261510968953146, 0.16784187623929367],
    [0.38742588672279304, 0.10445847059474048, 0.03066953889090302],
  ]);
  const tau = f64([1.632455532033676, 1.8584525427723333, 1.9434239815963574]);
  it("equals LAPACK's orgqr", () => {
    const want = [
      [-0.632455532033676, 0.30455479505075245, 0.04791536039819854],
      [-0.3162277660168379, -0.7994563370082252, 0.2874921623891912],
      [-0.0, -0.3806934938134405, -0.8864341673666728],
      [-0.3162277660168379, 0.34262414443209643, -0.359365202986489],
      [-0.6324555320336758, -0.07613869876268817, -0.011978840099549623],
    ];
    const Q = householderProduct(qr, tau);
    expectNear(Q, want, 1e-14);
    expectOrthonormalColumns(Q, 1e-14);
  });
  it("fewer reflectors than columns, batches, derivatives both modes and second order", () => {
    expect(householderProduct(gaussian([2, 4, 3], 2), gaussian([2, 2], 3)).shape).toEqual([2, 4, 3]);
    checkGrads((a, t) => householderProduct(a, t), [gaussian([4, 3], 4), gaussian([2], 5)], { rtol: 1e-6 });
    checkGrads((a, t) => householderProduct(a, t), [gaussian([3, 2], 6), gaussian([2], 7)], { order: 2, rtol: 1e-5 });
  });
  it("errors name householderProduct, the argument, what was expected and what was given", () => {
    expect(() => householderProduct(gaussian([2, 3], 8), f64([1]))).toThrow(/householderProduct: A must have at least as many rows as columns \(…, m, n ≤ m\), got shape \[2, 3\]/);
    expect(() => householderProduct(gaussian([3, 2], 9), f64([1, 1, 1]))).toThrow(/householderProduct: tau must have shape \(…, k\) with k ≤ 2 .*got shape \[3\]/);
  });
});

describe("tensorsolve and tensorinv", () => {
  const A = reshape(f64(Array.from({ length: 36 }, (_, i) => i + (i % 7 === 0 ? 10 : 0))), [2, 3, 6]); // arange(36) + 10·I
  it("NumPy's tensorsolve; tensordot(A, X) = B; dims", () => {
    const B = f64([[0, 1, 2], [3, 4, 5]]);
    const X = tensorsolve(A, B);
    // np.linalg.tensorsolve(A, B)
    expectNear(X, [-0.10576923076923078, -0.05769230769230768, -0.009615384615384621, 0.0384615384615385, 0.08653846153846154, 0.13461538461538458], 1e-14);
    expectNear(tensordot(A, X, 1), B, 1e-13);
    expectNear(tensorsolve(reshape(A, [6, 6]).transpose([1, 0]), reshape(B, [6]), { dims: [0] }), X, 1e-14);
    checkGrads((a, b) => tensorsolve(a, b), [A, B], { order: 2, rtol: 1e-5 });
  });
  it("tensorinv: shape S₂ + S₁, tensordot(tensorinv(A), A, 1) = I; derivatives", () => {
    const T = tensorinv(A, { ind: 2 });
    expect(T.shape).toEqual([6, 2, 3]);
    expectNear(reshape(T, [6, 6]), inv(reshape(A, [6, 6])), 1e-14);
    const S = reshape(A, [6, 2, 3]);
    expect(tensorinv(S, { ind: 1 }).shape).toEqual([2, 3, 6]);
    checkGrads((a) => tensorinv(a, { ind: 1 }), [gaussian([4, 2, 2], 10).add(reshape(mul(eye(4, { dtype: "float64" }), 3), [4, 2, 2]))], { rtol: 1e-6 });
  });
  it("errors name the function, the argument, what was expected and what was given", () => {
    expect(() => tensorsolve(A, f64([1, 2, 3]))).toThrow(/tensorsolve: A must have shape B\.shape \+ X\.shape with size\(X\.shape\) = size\(B\.shape\) = 3, got A \[2, 3, 6\] and B \[3\]/);
    expect(() => tensorinv(A, { ind: 1 })).toThrow(/tensorinv: the first 1 axes of A and the others must have equal sizes, got A \[2, 3, 6\]/);
    expect(() => tensorinv(A, { ind: 0 })).toThrow(/tensorinv: options\.ind must be an integer ≥ 1, got the number 0/);
  });
});
