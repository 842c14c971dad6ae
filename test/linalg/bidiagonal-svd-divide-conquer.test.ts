// The n×n bidiagonal divide and conquer (dense/bidiagonal-svd-divide-conquer.ts, LAPACK's dbdsdc):
// against Golub–Kahan QR (the path it replaces from order 256 on) on bidiagonals with random, graded,
// clustered, repeated, zero, tiny and huge singular values, at sizes with several merge levels
// (leaves of 25 rows); its vector updates run in the backend's gemm on the nonzero blocks only.
import { afterEach, describe, expect, it } from "vitest";
import { getBackend, setBackend, type Backend } from "../../src/backend/backend.js";
import { bidiagonalQr } from "../../src/linalg/dense/bidiagonal-qr.js";
import { bidiagonalSvdDivideConquer } from "../../src/linalg/dense/bidiagonal-svd-divide-conquer.js";
import { bidiagonaliseBlocked } from "../../src/linalg/dense/bidiagonalise-blocked.js";
import { golubKahanSvd } from "../../src/linalg/primitives/svd-golub-kahan.js";
import { uniform } from "./tridiagonal-quality.js";

const EPS = 2 ** -52;
const range = (n: number, f: (i: number) => number): number[] => Array.from({ length: n }, (_, i) => f(i));

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

/** The singular values of (s, e) by Golub–Kahan QR (on B scaled by a power of 2 to max |B| ≈ 1), descending. */
function qrValues(s: Float64Array, e: Float64Array, n: number): number[] {
  const top = Math.max(...s.map(Math.abs), ...e.map(Math.abs));
  const scale = top > 0 ? 2 ** Math.round(Math.log2(top)) : 1;
  const sq = s.map((x) => x / scale);
  const eq = new Float64Array(n);
  eq.set(e.subarray(0, n - 1).map((x) => x / scale));
  expect(bidiagonalQr(sq, eq, new Float64Array(n * n), new Float64Array(n * n), n)).toBe(true);
  return [...sq].map((x) => x * scale).sort((x, y) => y - x);
}

describe("bidiagonal SVD by divide and conquer (n×n, dbdsdc)", () => {
  const r1 = uniform(300, 41);
  const r2 = uniform(300, 42);
  const bidiagonals: [string, number, (i: number) => number, (i: number) => number][] = [
    ["random", 256, (i) => r1[i]!, (i) => r2[i]!],
    ["random, odd order", 131, (i) => r1[i]!, (i) => r2[i]!],
    ["graded 1 … 1e-12", 200, (i) => 10 ** (-12 * (i / 199)), (i) => 0.5 * 10 ** (-12 * (i / 199))],
    ["graded 1e-12 … 1 (ascending)", 120, (i) => 10 ** (-12 * (1 - i / 119)), (i) => 0.3 * 10 ** (-12 * (1 - i / 119))],
    ["clustered: 1 + 1e-14·noise, couplings 1e-10", 150, (i) => 1 + 1e-14 * r1[i]!, (i) => 1e-10 * r2[i]!],
    ["repeated: the identity", 100, () => 1, () => 0],
    ["repeated halves glued by 0.5", 104, (i) => ((i % 52) + 1) / 52, (i) => (i === 51 ? 0.5 : 0)],
    ["zeros on the diagonal (rank-deficient)", 160, (i) => (i % 3 === 0 ? 0 : 1 + i / 160), (i) => (i % 5 === 0 ? 0 : 0.3)],
    ["zero couplings every 7", 90, (i) => r1[i]!, (i) => (i % 7 === 6 ? 0 : r2[i]!)],
    ["one nonzero entry", 60, (i) => (i === 37 ? 3 : 0), () => 0],
    ["zero", 70, () => 0, () => 0],
    ["tiny: 1e-300 · random", 80, (i) => 1e-300 * r1[i]!, (i) => 1e-300 * r2[i]!],
    ["huge: 1e300 · random", 80, (i) => 1e300 * r1[i]!, (i) => 1e300 * r2[i]!],
  ];
  it.each(bidiagonals)("%s (n = %i): B·V = U·Σ, UᵀU = VᵀV = I at working precision, σ as Golub–Kahan QR's", (_name, n, fs, fe) => {
    const s = Float64Array.from(range(n, fs));
    const e = Float64Array.from(range(n, (i) => (i < n - 1 ? fe(i) : 0)));
    const dc = bidiagonalSvdDivideConquer(s, e, n);
    expect(dc).not.toBeNull();
    const [sigma, u, v] = dc!;
    const norm = Math.max(...range(n, (i) => Math.abs(s[i]!) + Math.abs(e[i]!)), Number.MIN_VALUE);
    const [res, orthU, orthV] = svdQuality(s, e, sigma, u, v, n);
    expect(res).toBeLessThanOrEqual(2 * n * EPS * norm);
    expect(orthU).toBeLessThanOrEqual(2 * n * EPS);
    expect(orthV).toBeLessThanOrEqual(2 * n * EPS);
    expect(Math.min(...sigma)).toBeGreaterThanOrEqual(0);
    const want = qrValues(s, e, n);
    const got = [...sigma].sort((x, y) => y - x);
    got.forEach((x, i) => expect(Math.abs(x - want[i]!), `σ[${i}]`).toBeLessThanOrEqual(2 * n * EPS * norm));
  });

  it("orders 1 … 60 around the leaf size and its multiples: a factorisation at working precision", () => {
    for (const n of [1, 2, 3, 25, 26, 27, 51, 52, 53, 60]) {
      const s = Float64Array.from(range(n, (i) => r1[i + 7]!));
      const e = Float64Array.from(range(n, (i) => (i < n - 1 ? r2[i + 3]! : 0)));
      const [sigma, u, v] = bidiagonalSvdDivideConquer(s, e, n)!;
      const [res, orthU, orthV] = svdQuality(s, e, sigma, u, v, n);
      expect(Math.max(res, orthU, orthV), `n = ${n}`).toBeLessThanOrEqual(4 * n * EPS);
    }
  });
});

describe("bidiagonal divide and conquer: the vector updates", () => {
  const original = getBackend();
  afterEach(() => setBackend(original));

  it("run in the backend's gemm on the nonzero blocks: about (n³/2 + n³/2)·4/3 multiply-adds, not the full products' 2·(4/3)·n³", () => {
    const n = 200;
    // The bidiagonal of a random dense matrix: little deflation, k ≈ n at every merge.
    const [s, e] = bidiagonaliseBlocked(uniform(n * n, 61), n);
    let macs = 0;
    // NOTE: named other than "wasm", so that the products go through this matmul (the path without the resident gemm).
    setBackend({
      ...original,
      name: "counting",
      matmul(x, xs, y, ys, out, ta, tb) {
        macs += out[out.length - 2]! * out[out.length - 1]! * (ta ? xs[xs.length - 2]! : xs[xs.length - 1]!);
        return original.matmul(x, xs, y, ys, out, ta, tb);
      },
    } satisfies Backend);
    const dc = bidiagonalSvdDivideConquer(s, e, n);
    setBackend(original);
    expect(dc).not.toBeNull();
    // U and V: at the top merge n·k·k/2 each, k ≈ n; ≈ 4n³/3 in all with the lower levels.
    expect(macs).toBeGreaterThan(0.9 * n ** 3);
    expect(macs).toBeLessThanOrEqual(1.5 * n ** 3);
  });

  it.skipIf(getBackend().name !== "wasm")("under the wasm backend run in wasm memory (no backend matmul, no fresh product arrays), agreeing with the matmul path to rounding", () => {
    const n = 200;
    const [s, e] = bidiagonaliseBlocked(uniform(n * n, 61), n);
    let calls = 0;
    setBackend({ ...original, matmul: (...args) => (calls++, original.matmul(...args)) } satisfies Backend);
    const resident = bidiagonalSvdDivideConquer(s, e, n);
    setBackend({ ...original, name: "counting" });
    const plain = bidiagonalSvdDivideConquer(s, e, n);
    setBackend(original);
    expect(calls).toBe(0);
    const [s1, u1, v1] = resident!;
    const [s2, u2, v2] = plain!;
    for (let i = 0; i < n; i++) expect(Math.abs(s1[i]! - s2[i]!)).toBeLessThanOrEqual(n * 2 ** -52 * Math.max(...s2));
    for (let i = 0; i < n * n; i++) {
      expect(Math.abs(u1[i]! - u2[i]!)).toBeLessThanOrEqual(1e-10);
      expect(Math.abs(v1[i]! - v2[i]!)).toBeLessThanOrEqual(1e-10);
    }
  });
});

describe("golubKahanSvd through the bidiagonal divide and conquer (order ≥ 96)", () => {
  const m = 130;
  const n = 110;
  const g = uniform(m * n, 71);
  const x = uniform(m, 72);
  const y = uniform(n, 73);
  const matrices: [string, number, (r: number, c: number) => number][] = [
    ["rank one", m, (r, c) => x[r]! * y[c]!],
    ["all ones", m, () => 1],
    ["two diagonal blocks with a 1e-3 pattern (clustered σ)", n, (r, c) => ((r < 55) === (c < 55) ? (r === c ? 1 : 0) + ((r + c) % 3 === 0 ? 1e-3 : 0) : 0)],
    ["random", m, (r, c) => g[r * n + c]!],
  ];
  it.each(matrices)("%s (%i×110): A = U·diag(s)·Vᵀ, UᵀU = VᵀV = I to n·ε·max|A|, s descending", (_name, rows, f) => {
    const a = Float64Array.from({ length: rows * n }, (_, i) => f(Math.floor(i / n), i % n));
    const [u, s, v] = golubKahanSvd(a, rows, n)!;
    const top = Math.max(...a.map(Math.abs));
    let rec = 0;
    for (let i = 0; i < rows; i++)
      for (let j = 0; j < n; j++) {
        let t = 0;
        for (let p = 0; p < n; p++) t += u[i * n + p]! * s[p]! * v[j * n + p]!;
        rec = Math.max(rec, Math.abs(t - a[i * n + j]!));
      }
    expect(rec).toBeLessThanOrEqual(16 * n * EPS * top);
    let orth = 0;
    for (let i = 0; i < n; i++)
      for (let j = i; j < n; j++) {
        let tu = 0;
        let tv = 0;
        for (let p = 0; p < rows; p++) tu += u[p * n + i]! * u[p * n + j]!;
        for (let p = 0; p < n; p++) tv += v[p * n + i]! * v[p * n + j]!;
        orth = Math.max(orth, Math.abs(tu - (i === j ? 1 : 0)), Math.abs(tv - (i === j ? 1 : 0)));
      }
    expect(orth).toBeLessThanOrEqual(2 * n * EPS);
    for (let i = 1; i < n; i++) expect(s[i]!).toBeLessThanOrEqual(s[i - 1]!);
  });
});
