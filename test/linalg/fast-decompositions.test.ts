// The dense kernels of eigh (Householder tridiagonalisation + implicit QL) and svd (QR +
// bidiagonalisation + Golub–Kahan QR) used above the Jacobi crossover: gauge-invariant checks on
// matrices with known spectra (random, graded, rank-deficient, repeated, ill-conditioned), agreement
// with Jacobi on small matrices, the dispatch, batches, float32, and degenerate inputs.
import { describe, expect, it } from "vitest";
import { linalg } from "../../src/linalg/index.js";
import { tridiagonalEigh } from "../../src/linalg/primitives/eigh-tridiagonal.js";
import { golubKahanSvd } from "../../src/linalg/primitives/svd-golub-kahan.js";
import { add, div, matmul, max, mul, abs, unsqueeze } from "../../src/ops/index.js";
import { tensor, zeros } from "../../src/tensor/creation.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { expectNear, expectOrthonormalColumns, gaussian, maxAbsDiff, mT, usv } from "./helpers.js";

const values = (t: Tensor): number[] => Array.from(t.data(), Number);
const f64Data = (t: Tensor): Float64Array => Float64Array.from(t.data(), Number);

/** A random m×k matrix with orthonormal columns. */
function orthonormal(m: number, k: number, seed: number): Tensor {
  return linalg.qr(gaussian([m, k], seed)).Q;
}

/** Q·diag(λ)·Qᵀ for a random orthogonal Q. */
function withEigenvalues(lambda: number[], seed: number): Tensor {
  const q = orthonormal(lambda.length, lambda.length, seed);
  const a = matmul(mul(q, unsqueeze(tensor(lambda, { dtype: "float64" }), -2)), mT(q));
  return mul(add(a, mT(a)), 0.5); // exactly symmetric
}

/** U₀·diag(σ)·V₀ᵀ (m×n) for random U₀, V₀ with orthonormal columns. */
function withSingularValues(m: number, n: number, sigma: number[], seed: number): Tensor {
  const u0 = orthonormal(m, sigma.length, seed);
  const v0 = orthonormal(n, sigma.length, seed + 1);
  return usv(u0, tensor(sigma, { dtype: "float64" }), mT(v0));
}

const range = (n: number, f: (i: number) => number): number[] => Array.from({ length: n }, (_, i) => f(i));
const n = 40;
/** Spectra with their names: what the kernels must get right to ~1e-13·max|λ| (absolute accuracy). */
const spectra: [string, number[]][] = [
  ["random", range(n, (i) => Math.sin(3 * i + 1) * 5)],
  ["graded", range(n, (i) => (i % 2 ? -1 : 1) * 10 ** (-12 * (i / (n - 1))))],
  ["rank-deficient", range(n, (i) => (i < 12 ? 0 : Math.cos(i)))],
  ["repeated", range(n, (i) => (i < 15 ? 1 : i < 30 ? -2 : 3))],
  ["ill-conditioned", range(n, (i) => (i === 0 ? 1e-15 : 1 + i / n))],
];

/** max |a − b| / max |b|. */
function relativeError(a: Tensor, b: Tensor): number {
  return maxAbsDiff(a, b) / Math.max(...values(b).map(Math.abs));
}

/** Each column's entry of largest magnitude is positive (the first one on ties). */
function expectLargestEntriesPositive(x: Tensor): void {
  const [rows, cols] = x.shape.slice(-2) as [number, number];
  const d = values(x);
  for (let b = 0; b < d.length; b += rows * cols)
    for (let c = 0; c < cols; c++) {
      let best = 0;
      for (let r = 0; r < rows; r++) if (Math.abs(d[b + r * cols + c]!) > Math.abs(best)) best = d[b + r * cols + c]!;
      expect(best, `column ${c}`).toBeGreaterThanOrEqual(0);
    }
}

describe("eigh above the Jacobi crossover (tridiagonal QL)", () => {
  it.each(spectra)("%s spectrum: eigenvalues, A = QΛQᵀ to 1e-12, QᵀQ = I, ascending, signs", (_, lambda) => {
    const a = withEigenvalues(lambda, 1);
    const { eigenvalues: w, eigenvectors: v } = linalg.eigh(a);
    const sorted = [...lambda].sort((x, y) => x - y);
    const scale = Math.max(...lambda.map(Math.abs));
    values(w).forEach((x, i) => expect(Math.abs(x - sorted[i]!), `w[${i}]`).toBeLessThanOrEqual(1e-13 * scale));
    expect(values(w).every((x, i, all) => i === 0 || all[i - 1]! <= x)).toBe(true);
    expect(relativeError(matmul(mul(v, unsqueeze(w, -2)), mT(v)), a)).toBeLessThanOrEqual(1e-12);
    expectOrthonormalColumns(v, 1e-13);
    expectLargestEntriesPositive(v);
  });
  it("a 150×150 random symmetric matrix", () => {
    const g = gaussian([150, 150], 2);
    const a = add(g, mT(g));
    const { eigenvalues: w, eigenvectors: v } = linalg.eigh(a);
    expect(relativeError(matmul(mul(v, unsqueeze(w, -2)), mT(v)), a)).toBeLessThanOrEqual(1e-12);
    expectOrthonormalColumns(v, 1e-13);
  });
  it("agrees with Jacobi (n ≤ 6) on random, graded and repeated 6×6 matrices", () => {
    for (const lambda of [[-3, -1, 0.5, 2, 4, 7], [1e-9, -1e-6, 1e-3, -1, 10, 1e4], [2, 2, 2, -1, -1, 5]]) {
      const a = withEigenvalues(lambda, 3);
      const jacobi = linalg.eigh(a); // n = 6: Jacobi
      const data = f64Data(a);
      const v = tridiagonalEigh(data, 6)!;
      const w = range(6, (i) => data[i * 6 + i]!).sort((x, y) => x - y);
      values(jacobi.eigenvalues).forEach((x, i) => expect(Math.abs(x - w[i]!)).toBeLessThanOrEqual(1e-14 * 1e4));
      // Gauge-invariant: the projector onto each eigenspace, Σ v·vᵀ over equal eigenvalues.
      const order = range(6, (i) => i).sort((i, j) => data[i * 6 + i]! - data[j * 6 + j]!);
      const fast = tensor(range(36, (k) => v[Math.floor(k / 6) * 6 + order[k % 6]!]!), { shape: [6, 6], dtype: "float64" });
      // Each is within ≈ ε‖A‖/gap of the exact vectors (Davis–Kahan).
      const sortedL = [...lambda].sort((x, y) => x - y);
      const gap = Math.min(...sortedL.slice(1).map((x, i) => x - sortedL[i]!).filter((d) => d > 0));
      const tol = (1e-13 * Math.max(...lambda.map(Math.abs))) / gap;
      const mask = tensor(sortedL.map((x) => (x === 2 ? 1 : 0)), { dtype: "float64" }); // the eigenspace of 2
      const projector = (q: Tensor): Tensor => matmul(mul(q, unsqueeze(mask, -2)), mT(q));
      if (lambda[0] === 2) expectNear(projector(fast), projector(jacobi.eigenvectors), tol, "projector");
      else expectNear(abs(fast), abs(jacobi.eigenvectors), tol, "|V|");
    }
  });
  it("is what eigh uses above n = 6", () => {
    const g = gaussian([9, 9], 4);
    const s = add(g, mT(g));
    const a = div(s, max(abs(s))); // max |a| = 1: the kernel sees the matrix unscaled
    const data = f64Data(a);
    tridiagonalEigh(data, 9);
    const fast = range(9, (i) => data[i * 9 + i]!).sort((x, y) => x - y);
    expect(values(linalg.eigh(a).eigenvalues)).toEqual(fast); // bit for bit, Jacobi's rounding differs
  });
  it("batches, float32, zero and identity matrices, non-finite input", () => {
    const g = gaussian([3, 12, 12], 5);
    const a = add(g, mT(g));
    const r = linalg.eigh(a);
    expect(relativeError(matmul(mul(r.eigenvectors, unsqueeze(r.eigenvalues, -2)), mT(r.eigenvectors)), a)).toBeLessThanOrEqual(1e-12);
    expectOrthonormalColumns(r.eigenvectors, 1e-13);
    const a32 = tensor(f64Data(a), { shape: [3, 12, 12], dtype: "float32" });
    const r32 = linalg.eigh(a32);
    expect(r32.eigenvalues.dtype).toBe("float32");
    expect(relativeError(matmul(mul(r32.eigenvectors, unsqueeze(r32.eigenvalues, -2)), mT(r32.eigenvectors)), a32)).toBeLessThanOrEqual(1e-5);
    const z = linalg.eigh(zeros([10, 10], { dtype: "float64" }));
    expect(values(z.eigenvalues).every((x) => x === 0)).toBe(true);
    expectOrthonormalColumns(z.eigenvectors, 1e-15);
    const nan = f64Data(a).subarray(0, 144);
    nan[0] = NaN;
    expect(values(linalg.eigh(tensor(nan, { shape: [12, 12], dtype: "float64" })).eigenvalues).some(Number.isNaN)).toBe(true);
  });
});

describe("svd above the Jacobi crossover (Golub–Kahan)", () => {
  const shapes: [number, number][] = [[40, 40], [60, 40], [40, 60]];
  it.each(spectra)("%s singular values: S, A = UΣVᵀ to 1e-12, UᵀU = VᵀV = I, descending, signs", (_, lambda) => {
    const sigma = lambda.map(Math.abs);
    const expected = [...sigma].sort((x, y) => y - x);
    for (const [m, k] of shapes) {
      const a = withSingularValues(m, k, sigma, 6);
      const { U, S, Vh } = linalg.svd(a);
      values(S).forEach((x, i) => expect(Math.abs(x - expected[i]!), `${m}×${k} s[${i}]`).toBeLessThanOrEqual(1e-13 * expected[0]!));
      expect(values(S).every((x, i, all) => i === 0 || all[i - 1]! >= x)).toBe(true);
      expect(relativeError(usv(U, S, Vh), a)).toBeLessThanOrEqual(1e-12);
      expectOrthonormalColumns(U, 1e-13);
      expectOrthonormalColumns(mT(Vh), 1e-13);
      expectLargestEntriesPositive(U);
    }
  });
  it("a 200×120 random matrix", () => {
    const a = gaussian([200, 120], 7);
    const { U, S, Vh } = linalg.svd(a);
    expect(relativeError(usv(U, S, Vh), a)).toBeLessThanOrEqual(1e-12);
    expectOrthonormalColumns(U, 1e-13);
    expectOrthonormalColumns(mT(Vh), 1e-13);
  });
  it("agrees with Jacobi (min(m, n) ≤ 4) on random, graded and rank-deficient 7×4 matrices", () => {
    for (const sigma of [[3, 2, 1, 0.5], [1, 1e-4, 1e-8, 1e-12], [5, 2, 0, 0]]) {
      const a = withSingularValues(7, 4, sigma, 8);
      const jacobi = linalg.svd(a); // min(m, n) = 4: Jacobi
      const [u, s] = golubKahanSvd(f64Data(a), 7, 4)!;
      values(jacobi.S).forEach((x, i) => expect(Math.abs(x - s[i]!)).toBeLessThanOrEqual(1e-14 * sigma[0]!));
      const fastU = tensor(u, { shape: [7, 4], dtype: "float64" });
      const distinct = sigma[3] === 0 ? 2 : 4; // the columns of zero singular values are any basis
      const lead = (x: Tensor): number[] => values(abs(x)).filter((_, i) => i % 4 < distinct);
      const gap = Math.min(...sigma.slice(1, distinct).map((x, i) => sigma[i]! - x)); // ε‖A‖/gap (Wedin)
      lead(fastU).forEach((x, i) => expect(Math.abs(x - lead(jacobi.U)[i]!)).toBeLessThanOrEqual((1e-13 * sigma[0]!) / gap));
    }
  });
  it("is what svd uses above min(m, n) = 4", () => {
    const g = gaussian([9, 5], 9);
    const a = div(g, max(abs(g)));
    const [, s] = golubKahanSvd(f64Data(a), 9, 5)!;
    expect(values(linalg.svdvals(a))).toEqual(Array.from(s)); // bit for bit, Jacobi's rounding differs
  });
  it("batches, float32, zero matrices, non-finite input", () => {
    const a = gaussian([3, 12, 9], 10);
    const r = linalg.svd(a);
    expect(relativeError(usv(r.U, r.S, r.Vh), a)).toBeLessThanOrEqual(1e-12);
    expectOrthonormalColumns(r.U, 1e-13);
    const a32 = tensor(f64Data(a), { shape: [3, 9, 12], dtype: "float32" });
    const r32 = linalg.svd(a32);
    expect(r32.S.dtype).toBe("float32");
    expect(relativeError(usv(r32.U, r32.S, r32.Vh), a32)).toBeLessThanOrEqual(1e-5);
    expectOrthonormalColumns(r32.U, 1e-5);
    const z = linalg.svd(zeros([10, 7], { dtype: "float64" }));
    expect(values(z.S).every((x) => x === 0)).toBe(true);
    expectOrthonormalColumns(z.U, 1e-15);
    expectOrthonormalColumns(mT(z.Vh), 1e-15);
    const nan = f64Data(a).subarray(0, 108);
    nan[5] = NaN;
    expect(values(linalg.svdvals(tensor(nan, { shape: [12, 9], dtype: "float64" }))).some(Number.isNaN)).toBe(true);
  });
});
