// The blocked paths of eigh's kernel (dense/tridiagonal-divide-conquer.ts, dense/tridiagonalise-blocked.ts):
// the divide-and-conquer merge multiplies only the nonzero blocks of diag(Q₁, Q₂) (dlaed3's column
// groups: top-only, dense after a deflation rotation across the halves, bottom-only), and eigh at
// sizes with several merge levels and panels stays at working precision on exactly repeated,
// clustered, graded and rank-deficient spectra.
import { afterEach, describe, expect, it } from "vitest";
import { getBackend, setBackend, type Backend } from "../../src/backend/backend.js";
import { bidiagonalSvdDivideConquer } from "../../src/linalg/dense/bidiagonal-svd-divide-conquer.js";
import { tridiagonalDivideConquer } from "../../src/linalg/dense/tridiagonal-divide-conquer.js";
import { tridiagonalQl } from "../../src/linalg/dense/tridiagonal-ql.js";
import { tridiagonaliseBlocked } from "../../src/linalg/dense/tridiagonalise-blocked.js";
import { linalg } from "../../src/linalg/index.js";
import { golubKahanSvd } from "../../src/linalg/primitives/svd-golub-kahan.js";
import { add, matmul, mul, unsqueeze } from "../../src/ops/index.js";
import { tensor } from "../../src/tensor/creation.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { expectNear, expectOrthonormalColumns, gaussian, maxAbsDiff, mT } from "./helpers.js";
import { quality, uniform } from "./tridiagonal-quality.js";

const EPS = 2 ** -52;
const values = (t: Tensor): number[] => Array.from(t.data(), Number);
const range = (n: number, f: (i: number) => number): number[] => Array.from({ length: n }, (_, i) => f(i));

describe("divide-and-conquer merge", () => {
  const original = getBackend();
  afterEach(() => setBackend(original));

  it("multiplies only the nonzero blocks of diag(Q₁, Q₂): about half the multiply-adds of the full products", () => {
    const n = 200;
    // The tridiagonal of a random symmetric matrix: little deflation, k ≈ n at every merge.
    const g = uniform(n * n, 21);
    const a = Float64Array.from(g, (_, i) => g[i]! + g[(i % n) * n + Math.floor(i / n)]!);
    const [d, e] = tridiagonaliseBlocked(a, n);
    let macs = 0;
    setBackend({
      ...original,
      matmul(x, xs, y, ys, out, ta, tb) {
        macs += out[out.length - 2]! * out[out.length - 1]! * (ta ? xs[xs.length - 2]! : xs[xs.length - 1]!);
        return original.matmul(x, xs, y, ys, out, ta, tb);
      },
    } satisfies Backend);
    const [w, z] = tridiagonalDivideConquer(d.slice(), e.slice(), n)!;
    setBackend(original);
    // Full products: n·k·k per merge, ≈ 4n³/3 in all; the blocks: ≈ n³/2 at the top, ≈ 2n³/3 in all.
    expect(macs).toBeGreaterThan(0);
    expect(macs).toBeLessThanOrEqual(0.75 * n ** 3);
    const [res, orth] = quality(d, e, w, z, n);
    expect(res).toBeLessThanOrEqual(4 * n * EPS * Math.max(...d.map(Math.abs), ...e.map(Math.abs)) * 3);
    expect(orth).toBeLessThanOrEqual(4 * n * EPS);
  });

  // Halves with the same eigenvalues: every merge deflates pairs across the halves, whose rotated
  // columns are nonzero in both halves (the dense group).
  it.each([
    ["two equal halves glued by 0.5", 74, (i: number) => ((i % 37) + 1) / 37, (i: number) => (i === 36 ? 0.5 : 0.3)],
    ["four equal quarters glued by 1e-9", 128, (i: number) => Math.abs((i % 32) - 15.5), (i: number) => (i % 32 === 31 ? 1e-9 : 1)],
    ["constant diagonal, alternating couplings", 97, () => 2, (i: number) => (i % 2 ? 1e-12 : 1)],
  ])("%s (n = %i): residual and orthogonality at working precision", (_name, n, fd, fe) => {
    const d = Float64Array.from(range(n, fd));
    const e = Float64Array.from(range(n, fe));
    e[n - 1] = 0;
    const norm = Math.max(...range(n, (i) => Math.abs(d[i]!) + Math.abs(e[i]!) + (i > 0 ? Math.abs(e[i - 1]!) : 0)));
    const [w, z] = tridiagonalDivideConquer(d.slice(), e.slice(), n)!;
    for (let i = 1; i < n; i++) expect(w[i]!).toBeGreaterThanOrEqual(w[i - 1]!);
    const [res, orth] = quality(d, e, w, z, n);
    expect(res).toBeLessThanOrEqual(4 * n * EPS * norm);
    expect(orth).toBeLessThanOrEqual(4 * n * EPS);
  });
});

/** Q·diag(λ)·Qᵀ, exactly symmetric, for a random orthogonal Q. */
function withEigenvalues(lambda: number[], seed: number): Tensor {
  const q = linalg.qr(gaussian([lambda.length, lambda.length], seed)).Q;
  const a = matmul(mul(q, unsqueeze(tensor(lambda, { dtype: "float64" }), -2)), mT(q));
  return mul(add(a, mT(a)), 0.5);
}

describe("eigh with several merge levels and panels (n = 130)", () => {
  const n = 130;
  const spectra: [string, number[]][] = [
    ["exactly repeated", range(n, (i) => (i < 50 ? 1 : i < 90 ? -2 : 3))],
    ["clustered", range(n, (i) => 1 + 1e-13 * i)],
    ["graded", range(n, (i) => (i % 2 ? -1 : 1) * 10 ** (-12 * (i / (n - 1))))],
    ["rank-deficient", range(n, (i) => (i < 70 ? 0 : Math.cos(i)))],
  ];
  it.each(spectra)("%s: eigenvalues, A = VΛVᵀ, VᵀV = I, eigenspace projectors", (_name, lambda) => {
    const a = withEigenvalues(lambda, 5);
    const { eigenvalues: w, eigenvectors: v } = linalg.eigh(a);
    const sorted = [...lambda].sort((x, y) => x - y);
    const scale = Math.max(...lambda.map(Math.abs));
    values(w).forEach((x, i) => expect(Math.abs(x - sorted[i]!), `w[${i}]`).toBeLessThanOrEqual(1e-13 * scale));
    expect(maxAbsDiff(matmul(mul(v, unsqueeze(w, -2)), mT(v)), a) / scale).toBeLessThanOrEqual(1e-12);
    expectOrthonormalColumns(v, 1e-13);
    if (_name === "exactly repeated") {
      // Gauge-invariant: the projector onto the eigenspace of −2 is Q's, whatever basis V picks.
      const mask = tensor(sorted.map((x) => (x === -2 ? 1 : 0)), { dtype: "float64" });
      const projector = matmul(mul(v, unsqueeze(mask, -2)), mT(v));
      const q = linalg.qr(gaussian([n, n], 5)).Q;
      const want = matmul(mul(q, unsqueeze(tensor(lambda.map((x) => (x === -2 ? 1 : 0)), { dtype: "float64" }), -2)), mT(q));
      expectNear(projector, want, 1e-12, "projector");
    }
  });
  it("zero matrix and float32", () => {
    const z = linalg.eigh(tensor(new Float64Array(n * n), { shape: [n, n], dtype: "float64" }));
    expect(values(z.eigenvalues).every((x) => x === 0)).toBe(true);
    expectOrthonormalColumns(z.eigenvectors, 1e-15);
    const a = withEigenvalues(range(n, (i) => Math.sin(i)), 6);
    const r32 = linalg.eigh(tensor(Float64Array.from(a.data(), Number), { shape: [n, n], dtype: "float32" }));
    expect(r32.eigenvalues.dtype).toBe("float32");
    expect(maxAbsDiff(matmul(mul(r32.eigenvectors, unsqueeze(r32.eigenvalues, -2)), mT(r32.eigenvectors)), a)).toBeLessThanOrEqual(1e-5);
  });
});

/** max |B·v_j − σ_j·u_j|, max |Bᵀ·u_j − σ_j·v_j|, max |UᵀU − I|, max |VᵀV − I| for the upper bidiagonal (s, e). */
function svdQuality(s: Float64Array, e: Float64Array, sigma: Float64Array, u: Float64Array, v: Float64Array, n: number): [number, number, number] {
  let res = 0;
  for (let j = 0; j < n; j++)
    for (let i = 0; i < n; i++) {
      const bv = s[i]! * v[i * n + j]! + (i < n - 1 ? e[i]! * v[(i + 1) * n + j]! : 0);
      const btu = s[i]! * u[i * n + j]! + (i > 0 ? e[i - 1]! * u[(i - 1) * n + j]! : 0);
      res = Math.max(res, Math.abs(bv - sigma[j]! * u[i * n + j]!), Math.abs(btu - sigma[j]! * v[i * n + j]!));
    }
  const orth = (x: Float64Array): number => {
    let worst = 0;
    for (let a = 0; a < n; a++)
      for (let b = a; b < n; b++) {
        let t = 0;
        for (let i = 0; i < n; i++) t += x[i * n + a]! * x[i * n + b]!;
        worst = Math.max(worst, Math.abs(t - (a === b ? 1 : 0)));
      }
    return worst;
  };
  return [res, orth(u), orth(v)];
}

describe("bidiagonal SVD by divide and conquer (n×n, dbdsdc)", () => {
  // Bidiagonals (s, e) with tiny, zero, repeated and graded singular values, against QL on the
  // Golub–Kahan tridiagonal.
  const bidiagonals: [string, number, (i: number) => number, (i: number) => number][] = [
    ["random", 90, (i) => uniform(90, 31)[i]!, (i) => uniform(90, 32)[i]!],
    ["graded over 24 orders", 70, (i) => 10 ** (-24 * (i / 69)), (i) => 0.5 * 10 ** (-24 * (i / 69))],
    ["exact zeros on the diagonal (rank-deficient)", 80, (i) => (i % 3 === 0 ? 0 : 1 + i / 80), (i) => (i % 5 === 0 ? 0 : 0.3)],
    ["repeated: the identity", 64, () => 1, () => 0],
    ["tiny couplings (clustered)", 75, () => 2, () => 1e-13],
    ["one nonzero entry", 40, (i) => (i === 17 ? 3 : 0), () => 0],
    ["zero", 48, () => 0, () => 0],
  ];
  it.each(bidiagonals)("%s (n = %i): B·V = U·Σ and UᵀU = VᵀV = I at working precision, σ as QL's", (_name, n, fs, fe) => {
    const s = Float64Array.from(range(n, fs));
    const e = Float64Array.from(range(n, (i) => (i < n - 1 ? fe(i) : 0)));
    const dc = bidiagonalSvdDivideConquer(s, e, n);
    expect(dc).not.toBeNull();
    const [sigma, u, v] = dc!;
    const norm = Math.max(...range(n, (i) => Math.abs(s[i]!) + Math.abs(e[i]!)), 1e-300);
    const [res, orthU, orthV] = svdQuality(s, e, sigma, u, v, n);
    expect(res).toBeLessThanOrEqual(8 * n * EPS * norm);
    expect(orthU).toBeLessThanOrEqual(8 * n * EPS);
    expect(orthV).toBeLessThanOrEqual(8 * n * EPS);
    expect(Math.min(...sigma)).toBeGreaterThanOrEqual(0);
    // The same singular values as implicit QL on the Golub–Kahan tridiagonal (its n largest eigenvalues).
    const off = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      off[2 * i] = s[i]!;
      if (i < n - 1) off[2 * i + 1] = e[i]!;
    }
    const ql = new Float64Array(2 * n);
    expect(tridiagonalQl(ql, off, new Float64Array(4 * n * n), 2 * n)).toBe(true);
    const want = [...ql].sort((x, y) => y - x).slice(0, n);
    const got = [...sigma].sort((x, y) => y - x);
    got.forEach((x, i) => expect(Math.abs(x - want[i]!), `σ[${i}]`).toBeLessThanOrEqual(8 * n * EPS * norm));
  });
});

describe("svd with singular values down to 1e-14 and exact zeros", () => {
  it.each([
    [100, 100],
    [150, 60],
    [60, 150],
  ])("%i×%i with singular values down to 1e-14 and exact zeros: A = UΣVᵀ, UᵀU = VᵀV = I, descending", (m, n) => {
    const k = Math.min(m, n);
    const sigma = range(k, (i) => (i % 7 === 6 ? 0 : 10 ** (-14 * (i / (k - 1)))));
    const u0 = linalg.qr(gaussian([m, k], 8)).Q;
    const v0 = linalg.qr(gaussian([n, k], 9)).Q;
    const a = matmul(mul(u0, unsqueeze(tensor(sigma, { dtype: "float64" }), -2)), mT(v0));
    const { U, S, Vh } = linalg.svd(a);
    const sorted = [...sigma].sort((x, y) => y - x);
    values(S).forEach((x, i) => expect(Math.abs(x - sorted[i]!), `S[${i}]`).toBeLessThanOrEqual(1e-13));
    expect(maxAbsDiff(matmul(mul(U, unsqueeze(S, -2)), Vh), a)).toBeLessThanOrEqual(1e-13);
    expectOrthonormalColumns(U, 1e-13);
    expectOrthonormalColumns(mT(Vh), 1e-13);
  });
});

describe("svd: batches and float32", () => {
  it("a [2, 40, 36] float32 batch: each matrix as on its own, A = UΣVᵀ to float32 precision", () => {
    const a = gaussian([2, 40, 36], 12);
    const a32 = tensor(Float64Array.from(a.data(), Number), { shape: [2, 40, 36], dtype: "float32" });
    const { U, S, Vh } = linalg.svd(a32);
    expect(S.dtype).toBe("float32");
    expect(maxAbsDiff(matmul(mul(U, unsqueeze(S, -2)), Vh), a32)).toBeLessThanOrEqual(1e-4);
    const both = values(linalg.svd(a).S);
    for (let b = 0; b < 2; b++) {
      const one = values(linalg.svd(tensor(Float64Array.from(a.data(), Number).subarray(b * 1440, (b + 1) * 1440), { shape: [40, 36], dtype: "float64" })).S);
      expect(one).toEqual(both.slice(b * 36, (b + 1) * 36));
    }
  });
});

describe("golubKahanSvd with its divide-and-conquer branch (from order 33 here; 96 in svd)", () => {
  it.each([
    [100, 100],
    [150, 60],
  ])("%i×%i with singular values down to 1e-14 and exact zeros: A = UΣVᵀ, UᵀU = VᵀV = I, descending", (m, n) => {
    const sigma = range(n, (i) => (i % 7 === 6 ? 0 : 10 ** (-14 * (i / (n - 1)))));
    const u0 = linalg.qr(gaussian([m, n], 8)).Q;
    const v0 = linalg.qr(gaussian([n, n], 9)).Q;
    const a = Float64Array.from(matmul(mul(u0, unsqueeze(tensor(sigma, { dtype: "float64" }), -2)), mT(v0)).data(), Number);
    const [u, s, v] = golubKahanSvd(a, m, n, 33)!;
    const sorted = [...sigma].sort((x, y) => y - x);
    s.forEach((x, i) => expect(Math.abs(x - sorted[i]!), `s[${i}]`).toBeLessThanOrEqual(1e-13));
    for (let i = 1; i < n; i++) expect(s[i]!).toBeLessThanOrEqual(s[i - 1]!);
    const ut = tensor(u, { shape: [m, n], dtype: "float64" });
    const vt = tensor(v, { shape: [n, n], dtype: "float64" });
    expect(maxAbsDiff(matmul(mul(ut, unsqueeze(tensor(s, { dtype: "float64" }), -2)), mT(vt)), tensor(a, { shape: [m, n], dtype: "float64" }))).toBeLessThanOrEqual(1e-13);
    expectOrthonormalColumns(ut, 1e-13);
    expectOrthonormalColumns(vt, 1e-13);
  });
});
