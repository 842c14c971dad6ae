// eigh's kernel above 32×32: Householder tridiagonalisation, Cuppen's divide and conquer on the
// tridiagonal (dense/tridiagonal-divide-conquer.ts) and the blocked back-transformation
// (dense/householder-wy.ts). Residuals and orthogonality at working precision on matrices that
// exercise every deflation path, agreement with QL, the leaf and block boundaries, and the products.
import { afterEach, describe, expect, it } from "vitest";
import { getBackend, setBackend } from "../../src/backend/backend.js";
import { cpuBackend } from "../../src/backend/cpu/cpu-backend.js";
import { applyReflectors, type Reflector } from "../../src/linalg/dense/householder-wy.js";
import { tridiagonalDivideConquer } from "../../src/linalg/dense/tridiagonal-divide-conquer.js";
import { tridiagonalQl } from "../../src/linalg/dense/tridiagonal-ql.js";
import { tridiagonaliseBlocked } from "../../src/linalg/dense/tridiagonalise-blocked.js";
import { linalg } from "../../src/linalg/index.js";
import { cast, matmul } from "../../src/ops/index.js";
import { tensor } from "../../src/tensor/creation.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { gaussian, mT } from "./helpers.js";
import { quality, uniform } from "./tridiagonal-quality.js";
import { countingMatmul } from "./counting-matmul.js";

const EPS = 2 ** -52;

const range = (n: number, f: (i: number) => number): Float64Array => Float64Array.from({ length: n }, (_, i) => f(i));
/** Tridiagonals (d, e) that exercise the deflation paths. */
const cases: [string, number, (n: number) => [Float64Array, Float64Array]][] = [
  ["random, a leaf (25)", 25, (n) => [uniform(n, 1), uniform(n, 2)]],
  ["random, one merge (26)", 26, (n) => [uniform(n, 3), uniform(n, 4)]],
  ["random (101)", 101, (n) => [uniform(n, 5), uniform(n, 6)]],
  ["random (257)", 257, (n) => [uniform(n, 7), uniform(n, 8)]],
  // Wilkinson's W⁺: pairs of eigenvalues equal to many digits (deflation by closeness)
  ["Wilkinson W⁺ (121)", 121, (n) => [range(n, (i) => Math.abs(i - (n - 1) / 2)), range(n, () => 1)]],
  // Glued Wilkinson matrices: tight clusters
  ["glued Wilkinson (4×W⁺21)", 84, (n) => [range(n, (i) => Math.abs((i % 21) - 10)), range(n, (i) => (i % 21 === 20 ? 1e-10 : 1))]],
  // A decoupled matrix: e = 0 (every z_i deflates)
  ["diagonal (60)", 60, (n) => [uniform(n, 9), new Float64Array(n)]],
  // The identity plus tiny couplings: one eigenvalue cluster
  ["clustered (70)", 70, (n) => [range(n, () => 1), range(n, () => 1e-14)]],
  // Graded entries over 30 orders of magnitude
  ["graded (64)", 64, (n) => [range(n, (i) => 10 ** (-i / 2)), range(n, (i) => 10 ** (-(i + 1) / 2))]],
  ["zero (40)", 40, (n) => [new Float64Array(n), new Float64Array(n)]],
];

describe("divide and conquer on a symmetric tridiagonal", () => {
  it.each(cases)("%s: residual and orthogonality at working precision, eigenvalues as QL's", (_name, n, make) => {
    const [d, e] = make(n);
    const norm = Math.max(...range(n, (i) => Math.abs(d[i]!) + Math.abs(e[i]!) + (i > 0 ? Math.abs(e[i - 1]!) : 0)), 1e-300);
    const [w, z] = tridiagonalDivideConquer(d.slice(), e.slice(), n)!;
    for (let i = 1; i < n; i++) expect(w[i]!).toBeGreaterThanOrEqual(w[i - 1]!);
    const [res, orth] = quality(d, e, w, z, n);
    expect(res).toBeLessThanOrEqual(4 * n * EPS * norm);
    expect(orth).toBeLessThanOrEqual(4 * n * EPS);
    const ql = d.slice();
    const off = e.slice();
    off[n - 1] = 0;
    expect(tridiagonalQl(ql, off, new Float64Array(n * n), n)).toBe(true);
    ql.sort();
    for (let i = 0; i < n; i++) expect(Math.abs(w[i]! - ql[i]!)).toBeLessThanOrEqual(4 * n * EPS * norm);
  });
});

describe("blocked Householder products", () => {
  /** H_0⋯H_{r−1}·Z (or the transposed product) one reflector at a time. */
  function reference(z: Float64Array, rows: number, cols: number, hs: Reflector[], transpose: boolean): Float64Array {
    const out = Float64Array.from(z);
    const order = transpose ? hs : [...hs].reverse();
    for (const h of order)
      for (let c = 0; c < cols; c++) {
        let s = 0;
        for (let i = 0; i < h.v.length; i++) s += h.v[i]! * out[(h.start + i) * cols + c]!;
        for (let i = 0; i < h.v.length; i++) out[(h.start + i) * cols + c]! -= h.beta * s * h.v[i]!;
      }
    return out;
  }

  it.each([[31], [32], [33], [70]])("%i reflectors, both orders, agree with applying them one by one", (r) => {
    const rows = r + 5;
    const cols = 40;
    const hs: Reflector[] = Array.from({ length: r }, (_, j) => {
      const v = uniform(rows - j - 1, 100 + j);
      const vv = v.reduce((s, x) => s + x * x, 0);
      return { v, beta: j === 3 ? 0 : 2 / vv, start: j + 1 };
    });
    const z = uniform(rows * cols, 7);
    for (const transpose of [false, true]) {
      const got = Float64Array.from(z);
      applyReflectors(got, rows, cols, hs, transpose);
      const want = reference(z, rows, cols, hs, transpose);
      const err = got.reduce((m, x, i) => Math.max(m, Math.abs(x - want[i]!)), 0);
      expect(err, `transpose ${transpose}`).toBeLessThanOrEqual(1e-13);
    }
  });
});

describe("blocked tridiagonalisation", () => {
  // Panels of 32 columns over n − 2 reduction steps: one panel short, exact, one over, several.
  it.each([33, 34, 35, 66, 67, 100])("n = %i: Qᵀ·A·Q is the computed tridiagonal T, Q orthogonal", (n) => {
    const g = uniform(n * n, n);
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = g[i * n + j]! + g[j * n + i]!;
    const [d, e, reflectors] = tridiagonaliseBlocked(Float64Array.from(a), n);
    const qt = new Float64Array(n * n); // Qᵀ, then Qᵀ·A, then Qᵀ·A·Q = (Qᵀ·(Qᵀ·A)ᵀ)ᵀ
    for (let i = 0; i < n; i++) qt[i * n + i] = 1;
    applyReflectors(qt, n, n, reflectors, true);
    const qta = Float64Array.from(a);
    applyReflectors(qta, n, n, reflectors, true);
    const t = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) t[i * n + j] = qta[j * n + i]!;
    applyReflectors(t, n, n, reflectors, true); // (Qᵀ·A·Q)ᵀ = Qᵀ·A·Q
    let err = 0;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        const want = i === j ? d[i]! : j === i + 1 ? e[i]! : i === j + 1 ? e[j]! : 0;
        err = Math.max(err, Math.abs(t[i * n + j]! - want));
      }
    expect(err).toBeLessThanOrEqual(8 * n * EPS * n);
    let orth = 0;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let c = 0; c < n; c++) s += qt[i * n + c]! * qt[j * n + c]!;
        orth = Math.max(orth, Math.abs(s - (i === j ? 1 : 0)));
      }
    expect(orth).toBeLessThanOrEqual(4 * n * EPS);
  });
});

describe("eigh above the divide-and-conquer threshold", () => {
  const values = (t: Tensor): Float64Array => Float64Array.from(t.data(), Number);
  const symmetric = (n: number, seed: number, batch: number[] = []): Tensor => {
    const g = gaussian([...batch, n, n], seed);
    return g.add(mT(g)).mul(0.5);
  };

  it.each([32, 33, 64, 100])("n = %i: A·V = V·diag(w), VᵀV = I", (n) => {
    const a = symmetric(n, n);
    const { eigenvalues: w, eigenvectors: v } = linalg.eigh(a);
    const av = values(matmul(a, v));
    const vw = values(v.mul(w.reshape([1, n])));
    const scale = Math.max(...values(w).map(Math.abs));
    expect(av.reduce((m, x, i) => Math.max(m, Math.abs(x - vw[i]!)), 0)).toBeLessThanOrEqual(8 * n * EPS * scale);
    const vtv = values(matmul(mT(v), v));
    expect(vtv.reduce((m, x, i) => Math.max(m, Math.abs(x - (i % (n + 1) === 0 ? 1 : 0))), 0)).toBeLessThanOrEqual(8 * n * EPS);
  });

  it("float32 and batches: each matrix as on its own", () => {
    const a = symmetric(40, 3, [2]);
    const both = linalg.eigh(a);
    const d = values(a);
    for (let b = 0; b < 2; b++) {
      const one = linalg.eigh(tensor(Array.from(d.subarray(b * 1600, (b + 1) * 1600)), { shape: [40, 40], dtype: "float64" }));
      expect(values(one.eigenvalues)).toEqual(values(both.eigenvalues).subarray(b * 40, (b + 1) * 40));
    }
    const w32 = linalg.eigh(cast(a, "float32")).eigenvalues;
    expect(w32.dtype).toBe("float32");
    const w64 = values(both.eigenvalues);
    expect(values(w32).reduce((m, x, i) => Math.max(m, Math.abs(x - w64[i]!)), 0)).toBeLessThanOrEqual(1e-4 * 40);
  });

  const original = getBackend();
  afterEach(() => setBackend(original));
  it("the eigenvectors are formed by products in the backend's matmul", () => {
    const n = 120;
    const a = symmetric(n, 11);
    // the cpu backend: under wasm the blocked products run the wasm gemm in place (inWasmMemory), not matmul
    const { backend: counting, count } = countingMatmul(cpuBackend);
    setBackend(counting);
    linalg.eigh(a);
    setBackend(original);
    expect(count.macs).toBeGreaterThan(n ** 3);
  });
});
