// Values of the decompositions: reconstruction and orthogonality on random (batched, tall, wide,
// float32) matrices, closed forms on 2×2/3×3 cases, and degenerate inputs.
import { describe, expect, it } from "vitest";
import { linalg } from "../../src/linalg/index.js";
import { add, diagonal, matmul, mul, tril, triu, unsqueeze } from "../../src/ops/index.js";
import { eye, tensor, zeros } from "../../src/tensor/creation.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { expectNear, expectOrthonormalColumns, f64, gaussian, mT, spd, usv, wellConditioned } from "./helpers.js";

const values = (t: Tensor): number[] => Array.from(t.data(), Number);

function isSortedDescending(s: Tensor): boolean {
  const v = values(s);
  const k = s.shape[s.ndim - 1]!;
  return v.every((x, i) => i % k === 0 || v[i - 1]! >= x);
}

describe("cholesky", () => {
  it("closed form and L·Lᵀ = A (batched)", () => {
    expectNear(linalg.cholesky(f64([[4, 2], [2, 3]])), [[2, 0], [1, Math.SQRT2]], 1e-15);
    const a = spd([3, 5, 5], 1);
    const l = linalg.cholesky(a);
    expectNear(l, tril(l), 0);
    expectNear(matmul(l, mT(l)), a, 1e-13);
  });
  it("uses only the symmetric part", () => {
    const a = f64([[4, 1], [3, 3]]); // sym = [[4, 2], [2, 3]]
    expectNear(linalg.cholesky(a), [[2, 0], [1, Math.SQRT2]], 1e-15);
  });
  it("float32 in, float32 out", () => {
    const l = linalg.cholesky(tensor([[4, 2], [2, 3]]));
    expect(l.dtype).toBe("float32");
    expectNear(l, [[2, 0], [1, Math.SQRT2]], 1e-6);
  });
});

describe("lu", () => {
  it("closed form with pivoting", () => {
    const { P, L, U } = linalg.lu(f64([[1, 2], [3, 4]]));
    expectNear(P, [[0, 1], [1, 0]], 0);
    expectNear(L, [[1, 0], [1 / 3, 1]], 1e-15);
    expectNear(U, [[3, 4], [0, 2 / 3]], 1e-15);
  });
  it("P·L·U = A, |L| ≤ 1 (batched)", () => {
    const a = gaussian([2, 6, 6], 2);
    const { P, L, U } = linalg.lu(a);
    expectNear(matmul(P, matmul(L, U)), a, 1e-13);
    expectNear(U, triu(U), 0);
    expect(values(L).every((x) => Math.abs(x) <= 1)).toBe(true);
  });
});

describe("qr", () => {
  it("closed form 2×2", () => {
    const { Q, R } = linalg.qr(f64([[3, 1], [4, 2]]));
    expectNear(Q, [[0.6, -0.8], [0.8, 0.6]], 1e-15);
    expectNear(R, [[5, 2.2], [0, 0.4]], 1e-14);
  });
  for (const shape of [[7, 4], [4, 4], [3, 6], [2, 5, 3], [2, 3, 5]])
    it(`Q·R = A, QᵀQ = I, R upper with diag ≥ 0 for ${JSON.stringify(shape)}`, () => {
      const a = gaussian(shape, 3);
      const { Q, R } = linalg.qr(a);
      const k = Math.min(shape.at(-1)!, shape.at(-2)!);
      expect(Q.shape).toEqual([...shape.slice(0, -1), k]);
      expect(R.shape).toEqual([...shape.slice(0, -2), k, shape.at(-1)!]);
      expectNear(matmul(Q, R), a, 1e-13);
      expectOrthonormalColumns(Q, 1e-14);
      expectNear(R, triu(R), 0);
      expect(values(diagonal(R, 0, -2, -1)).every((x) => x >= 0)).toBe(true);
    });
  it("float32", () => {
    const a = tensor(gaussian([5, 3], 4).data() as Float64Array, { shape: [5, 3], dtype: "float32" });
    const { Q, R } = linalg.qr(a);
    expect(Q.dtype).toBe("float32");
    expectNear(matmul(Q, R), a, 1e-5);
    expectOrthonormalColumns(Q, 1e-6);
  });
});

describe("eigh", () => {
  it("closed forms: 2×2 and 3×3", () => {
    const { eigenvalues, eigenvectors } = linalg.eigh(f64([[2, 1], [1, 2]]));
    expectNear(eigenvalues, [1, 3], 1e-15);
    const v = values(eigenvectors).map(Math.abs);
    v.forEach((x) => expect(x).toBeCloseTo(Math.SQRT1_2, 14));
    expectNear(linalg.eigh(f64([[2, 0, 0], [0, 3, 4], [0, 4, -3]])).eigenvalues, [-5, 2, 5], 1e-14);
    const d = linalg.eigh(f64([[3, 0, 0], [0, 1, 0], [0, 0, 2]]));
    expectNear(d.eigenvalues, [1, 2, 3], 0);
    expectNear(d.eigenvectors, [[0, 0, 1], [1, 0, 0], [0, 1, 0]], 0);
  });
  it("V·diag(w)·Vᵀ = A, VᵀV = I, ascending, largest entry of each vector positive (batched)", () => {
    const g = gaussian([3, 6, 6], 5);
    const a = add(g, mT(g));
    const { eigenvalues: w, eigenvectors: v } = linalg.eigh(a);
    expectNear(matmul(mul(v, unsqueeze(w, -2)), mT(v)), a, 1e-13);
    expectOrthonormalColumns(v, 1e-14);
    const wv = values(w);
    expect(wv.every((x, i) => i % 6 === 0 || wv[i - 1]! <= x)).toBe(true);
    const vv = values(v);
    for (let b = 0; b < 3; b++)
      for (let j = 0; j < 6; j++) {
        const col = Array.from({ length: 6 }, (_, r) => vv[b * 36 + r * 6 + j]!);
        const big = col.reduce((p, x) => (Math.abs(x) > Math.abs(p) ? x : p), 0);
        expect(big).toBeGreaterThan(0);
      }
  });
  it("repeated eigenvalues: identity and a rotated diag(1, 1, 2)", () => {
    const i3 = linalg.eigh(eye(3, { dtype: "float64" }));
    expectNear(i3.eigenvalues, [1, 1, 1], 0);
    expectOrthonormalColumns(i3.eigenvectors, 0);
    const { Q } = linalg.qr(gaussian([3, 3], 6));
    const a = matmul(mul(Q, f64([1, 1, 2])), mT(Q));
    const { eigenvalues, eigenvectors } = linalg.eigh(a);
    expectNear(eigenvalues, [1, 1, 2], 1e-14);
    expectOrthonormalColumns(eigenvectors, 1e-14);
    expectNear(matmul(mul(eigenvectors, eigenvalues), mT(eigenvectors)), a, 1e-14);
  });
});

describe("svd", () => {
  it("closed forms", () => {
    const { U, S, Vh } = linalg.svd(f64([[3, 0], [0, -4], [0, 0]]));
    expectNear(S, [4, 3], 0);
    expectNear(U, [[0, 1], [1, 0], [0, 0]], 0);
    expectNear(Vh, [[0, -1], [1, 0]], 0);
    const phi = (1 + Math.sqrt(5)) / 2;
    expectNear(linalg.svd(f64([[1, 1], [0, 1]])).S, [phi, 1 / phi], 1e-15);
    expectNear(linalg.svdvals(f64([[1, 2, 2]])), [3], 1e-15);
  });
  for (const shape of [[8, 5], [5, 5], [4, 9], [3, 6, 4], [2, 4, 7]])
    it(`U·diag(S)·Vh = A, orthonormal U and V, S descending for ${JSON.stringify(shape)}`, () => {
      const a = gaussian(shape, 7);
      const { U, S, Vh } = linalg.svd(a);
      const k = Math.min(shape.at(-1)!, shape.at(-2)!);
      expect(S.shape).toEqual([...shape.slice(0, -2), k]);
      expect(Vh.shape).toEqual([...shape.slice(0, -2), k, shape.at(-1)!]);
      expectNear(usv(U, S, Vh), a, 1e-13);
      expectOrthonormalColumns(U, 1e-14);
      expectOrthonormalColumns(mT(Vh), 1e-14);
      expect(isSortedDescending(S)).toBe(true);
    });
  it("agrees with eigh on A·Aᵀ", () => {
    const a = gaussian([4, 6], 8);
    const s = values(linalg.svdvals(a));
    const w = values(linalg.eigvalsh(matmul(a, mT(a)))).reverse();
    s.forEach((x, i) => expect(x * x).toBeCloseTo(w[i]!, 12));
  });
  it("rank-deficient and zero matrices: S has exact zeros, U and V stay orthonormal", () => {
    for (const a of [f64([[1, 2], [2, 4], [3, 6]]), zeros([3, 2], { dtype: "float64" }), zeros([2, 4], { dtype: "float64" }), f64([[1, 1, 1], [1, 1, 1]])]) {
      const { U, S, Vh } = linalg.svd(a);
      expectOrthonormalColumns(U, 1e-14);
      expectOrthonormalColumns(mT(Vh), 1e-14);
      expectNear(usv(U, S, Vh), a, 1e-14);
    }
    expectNear(linalg.svdvals(f64([[1, 2], [2, 4], [3, 6]])), [Math.sqrt(70), 0], 1e-14);
  });
  it("repeated singular values (an orthogonal matrix)", () => {
    const { Q } = linalg.qr(gaussian([4, 4], 9));
    const { U, S, Vh } = linalg.svd(Q);
    expectNear(S, [1, 1, 1, 1], 1e-14);
    expectNear(usv(U, S, Vh), Q, 1e-14);
  });
  it("float32 and a larger matrix", () => {
    const a = tensor(gaussian([6, 4], 10).data() as Float64Array, { shape: [6, 4], dtype: "float32" });
    const { U, S, Vh } = linalg.svd(a);
    expect(S.dtype).toBe("float32");
    expectNear(usv(U, S, Vh), a, 1e-5);
    const big = gaussian([60, 40], 11);
    const r = linalg.svd(big);
    expectNear(usv(r.U, r.S, r.Vh), big, 1e-12);
    expectOrthonormalColumns(r.U, 1e-13);
  });
});

describe("determinants, inverse, solves", () => {
  const a3 = f64([[2, -3, 1], [2, 0, -1], [1, 4, 5]]);
  it("det and slogdet closed forms", () => {
    expect(linalg.det(f64([[1, 2], [3, 4]])).item()).toBeCloseTo(-2, 14);
    expect(linalg.det(a3).item()).toBeCloseTo(49, 12);
    const { sign, logAbsDet } = linalg.slogdet(f64([[1, 2], [3, 4]]));
    expect(sign.item()).toBe(-1);
    expect(logAbsDet.item()).toBeCloseTo(Math.LN2, 14);
    const s = linalg.slogdet(f64([[1, 2], [2, 4]]));
    expect([s.sign.item(), s.logAbsDet.item()]).toEqual([0, -Infinity]);
    expect(linalg.det(f64([[1, 2], [2, 4]])).item()).toBe(0);
  });
  it("batched det agrees with slogdet", () => {
    const a = gaussian([4, 5, 5], 12);
    const d = values(linalg.det(a));
    const { sign, logAbsDet } = linalg.slogdet(a);
    const s = values(sign);
    values(logAbsDet).forEach((l, i) => expect(s[i]! * Math.exp(l)).toBeCloseTo(d[i]!, 10));
  });
  it("inv, solve (vector and matrix right-hand sides, broadcast batches)", () => {
    expectNear(linalg.inv(f64([[1, 2], [3, 4]])), [[-2, 1], [1.5, -0.5]], 1e-15);
    const a = wellConditioned([3, 4, 4], 13);
    expectNear(matmul(a, linalg.inv(a)), mul(eye(4, { dtype: "float64" }), f64([[[1]], [[1]], [[1]]])), 1e-14);
    expectNear(linalg.solve(f64([[3, 1], [1, 2]]), f64([9, 8])), [2, 3], 1e-15);
    const b = gaussian([4, 2], 14);
    expectNear(matmul(a, linalg.solve(a, b)), mul(b, f64([[[1]], [[1]], [[1]]])), 1e-13);
    const x = linalg.solve(a, f64([1, 2, 3, 4]));
    expect(x.shape).toEqual([3, 4]);
  });
  it("lstsq: tall (least squares) and wide (minimum norm)", () => {
    expectNear(linalg.lstsq(f64([[1, 0], [1, 1], [1, 2]]), f64([1, 2, 4])).solution, [5 / 6, 1.5], 1e-14);
    const a = gaussian([7, 3], 15);
    const b = gaussian([7, 2], 16);
    const x = linalg.lstsq(a, b).solution; // normal equations: AᵀA x = Aᵀb
    expectNear(matmul(matmul(mT(a), a), x), matmul(mT(a), b), 1e-12);
    const w = gaussian([2, 5], 17);
    const xw = linalg.lstsq(w, f64([1, 2])).solution;
    expectNear(matmul(w, xw), [1, 2], 1e-14);
    expectNear(xw, matmul(mT(w), linalg.solve(matmul(w, mT(w)), f64([1, 2]))), 1e-13); // x = Aᵀ(AAᵀ)⁻¹b
  });
  it("matrixPower and matrixNorm", () => {
    expectNear(linalg.matrixPower(f64([[1, 1], [1, 0]]), 10), [[89, 55], [55, 34]], 1e-12);
    expectNear(linalg.matrixPower(f64([[2, 0], [0, 4]]), -2), [[0.25, 0], [0, 0.0625]], 1e-16);
    expectNear(linalg.matrixPower(f64([[2, 1], [0, 4]]), 0), [[1, 0], [0, 1]], 0);
    expectNear(linalg.matrixPower(f64([[2, 1], [0, 4]]), 1), [[2, 1], [0, 4]], 0);
    const x = f64([[1, -2], [3, 4]]);
    expect(linalg.matrixNorm(x).item()).toBeCloseTo(Math.sqrt(30), 14);
    expect(linalg.matrixNorm(x, 1).item()).toBe(6);
    expect(linalg.matrixNorm(x, -1).item()).toBe(4);
    expect(linalg.matrixNorm(x, Infinity).item()).toBe(7);
    expect(linalg.matrixNorm(x, -Infinity).item()).toBe(3);
    const s = values(linalg.svdvals(x));
    expect(linalg.matrixNorm(x, 2).item()).toBeCloseTo(s[0]!, 14);
    expect(linalg.matrixNorm(x, -2).item()).toBeCloseTo(s[1]!, 14);
    expect(linalg.matrixNorm(x, "nuc").item()).toBeCloseTo(s[0]! + s[1]!, 14);
    expect(linalg.matrixNorm(gaussian([3, 2, 2], 18), 2).shape).toEqual([3]);
    expect(linalg.matrixNorm(gaussian([3, 2, 2], 18), "fro", true).shape).toEqual([3, 1, 1]);
  });
});

describe("extreme scales", () => {
  it("svd, eigh, qr and cholesky of matrices scaled by 1e±150 and 1e±300", () => {
    const a = gaussian([5, 3], 19);
    const s0 = values(linalg.svdvals(a));
    const sym = spd([3, 3], 20);
    const w0 = values(linalg.eigvalsh(sym));
    for (const c of [1e-300, 1e-150, 1e150, 1e300]) {
      values(linalg.svdvals(mul(a, c))).forEach((x, i) => expect(x / c).toBeCloseTo(s0[i]!, 12));
      values(linalg.eigvalsh(mul(sym, c))).forEach((x, i) => expect(x / c).toBeCloseTo(w0[i]!, 12));
    }
    for (const c of [1e-300, 1e-150, 1e150, 1e300]) {
      const { Q, R } = linalg.qr(mul(a, c));
      expectNear(mul(matmul(Q, R), 1 / c), a, 1e-13);
    }
    for (const c of [1e-300, 1e-150, 1e150, 1e300])
      expectNear(mul(linalg.cholesky(mul(sym, c)), 1 / Math.sqrt(c)), linalg.cholesky(sym), 1e-13);
  });
});
