// The recursive blocked kernels of cholesky, lu and the triangular solves (src/linalg/dense):
// agreement with the unblocked algorithms at and around every recursion boundary (48 for Cholesky
// and substitution, 16 for LU panels, 32³ for the backend products), float32, batches, degenerate
// inputs, and that the work really goes through the backend's matrix product.
import { afterEach, describe, expect, it } from "vitest";
import { getBackend, setBackend, type Backend } from "../../src/backend/backend.js";
import { linalg } from "../../src/linalg/index.js";
import { cast, matmul } from "../../src/ops/index.js";
import { tensor } from "../../src/tensor/creation.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { gaussian, mT, spd, wellConditioned } from "./helpers.js";

const f64 = (t: Tensor): Float64Array => Float64Array.from(t.data(), Number);
const maxAbs = (x: ArrayLike<number>): number => Array.from(x).reduce((m, v) => Math.max(m, Math.abs(v)), 0);
const maxDiff = (x: ArrayLike<number>, y: ArrayLike<number>): number => Array.from(x).reduce((m, v, i) => Math.max(m, Math.abs(v - y[i]!)), 0);

/** Unblocked Cholesky–Banachiewicz (the algorithm before blocking). */
function referenceCholesky(a: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let s = (a[i * n + j]! + a[j * n + i]!) / 2;
      for (let k = 0; k < j; k++) s -= l[i * n + k]! * l[j * n + k]!;
      l[i * n + j] = i === j ? Math.sqrt(s) : s / l[j * n + j]!;
    }
  return l;
}

/** Unblocked Gaussian elimination with partial pivoting: the permutation and the packed L\U. */
function referenceLu(a: Float64Array, n: number): [number[], Float64Array] {
  const x = Float64Array.from(a);
  const perm = Array.from({ length: n }, (_, i) => i);
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(x[i * n + k]!) > Math.abs(x[p * n + k]!)) p = i;
    for (let j = 0; j < n; j++) [x[k * n + j], x[p * n + j]] = [x[p * n + j]!, x[k * n + j]!];
    [perm[k], perm[p]] = [perm[p]!, perm[k]!];
    if (x[k * n + k] === 0) continue;
    for (let i = k + 1; i < n; i++) {
      const f = (x[i * n + k]! /= x[k * n + k]!);
      for (let j = k + 1; j < n; j++) x[i * n + j]! -= f * x[k * n + j]!;
    }
  }
  return [perm, x];
}

// Orders around the boundaries: Cholesky/substitution base 48 (and 2·48), LU panels 16, non-multiples.
const orders = [15, 16, 17, 47, 48, 49, 96, 97, 130];

describe("blocked cholesky", () => {
  it.each(orders)("n = %i agrees with the unblocked factor and reconstructs A (float64)", (n) => {
    const a = spd([n, n], n);
    const l = linalg.cholesky(a);
    const ref = referenceCholesky(f64(a), n);
    expect(maxDiff(f64(l), ref)).toBeLessThanOrEqual(1e-13 * maxAbs(ref) * n);
    expect(maxDiff(f64(matmul(l, mT(l))), f64(a))).toBeLessThanOrEqual(4 * n * 2 ** -52 * maxAbs(f64(a)));
    const d = f64(l);
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) expect(d[i * n + j], `L[${i}, ${j}]`).toBe(0);
  });

  it("float32 and batches: each matrix as on its own", () => {
    const a = spd([3, 61, 61], 5);
    const l = linalg.cholesky(cast(a, "float32"));
    expect(l.dtype).toBe("float32");
    const whole = f64(linalg.cholesky(a));
    for (let b = 0; b < 3; b++) {
      const block = f64(a).subarray(b * 61 * 61, (b + 1) * 61 * 61);
      const one = f64(linalg.cholesky(tensor(Array.from(block), { shape: [61, 61], dtype: "float64" })));
      expect(maxDiff(whole.subarray(b * 61 * 61, (b + 1) * 61 * 61), one)).toBe(0);
    }
    expect(maxDiff(f64(l), whole)).toBeLessThanOrEqual(1e-4 * maxAbs(whole));
  });

  it("a failing pivot past the first block is named, and choleskyEx reports it (info = k + 1)", () => {
    const n = 100;
    const a = f64(spd([n, n], 3));
    for (let j = 0; j < n; j++) a[70 * n + j] = a[j * n + 70] = j === 70 ? -1 : 0; // pivot 70 negative
    const bad = tensor(Array.from({ length: n }, (_, i) => Array.from(a.subarray(i * n, (i + 1) * n))), { dtype: "float64" });
    expect(() => linalg.cholesky(bad)).toThrow(/pivot 70 is -1 \(the leading 71×71 minor/);
    const { result, info } = linalg.choleskyEx(bad);
    expect(info.item()).toBe(71);
    const d = f64(result);
    expect(Number.isFinite(d[69 * n + 69]!)).toBe(true);
    expect(Number.isNaN(d[70 * n + 70]!)).toBe(true);
  });
});

describe("blocked lu", () => {
  it.each(orders)("n = %i: the same pivots and factors as unblocked elimination, P·L·U = A", (n) => {
    const a = gaussian([n, n], 100 + n);
    const { P, L, U } = linalg.lu(a);
    const [perm, packed] = referenceLu(f64(a), n);
    const p = f64(P);
    for (let i = 0; i < n; i++) expect(p[perm[i]! * n + i], `P column ${i}`).toBe(1);
    const l = f64(L);
    const u = f64(U);
    const lu = new Float64Array(n * n);
    for (let i = 0; i < n * n; i++) lu[i] = (i % n) < Math.floor(i / n) ? l[i]! : u[i]!;
    expect(maxDiff(lu, packed)).toBeLessThanOrEqual(1e-11 * maxAbs(packed));
    expect(maxAbs(l)).toBeLessThanOrEqual(1);
    expect(maxDiff(f64(matmul(P, matmul(L, U))), f64(a))).toBeLessThanOrEqual(8 * n * 2 ** -52 * maxAbs(u));
  });

  it("a singular matrix with zero columns inside a blocked panel keeps P·L·U = A and det 0", () => {
    const n = 40;
    const a = f64(gaussian([n, n], 9));
    for (let i = 0; i < n; i++) a[i * n + 20] = a[i * n + 21] = 0;
    const t = tensor(Array.from({ length: n }, (_, i) => Array.from(a.subarray(i * n, (i + 1) * n))), { dtype: "float64" });
    const { P, L, U } = linalg.lu(t);
    expect(maxDiff(f64(matmul(P, matmul(L, U))), a)).toBeLessThanOrEqual(1e-12 * maxAbs(a));
    expect(linalg.det(t).item()).toBe(0);
  });

  it("float32 and batches", () => {
    const a = gaussian([2, 50, 50], 4);
    const { P, L, U } = linalg.lu(cast(a, "float32"));
    expect(U.dtype).toBe("float32");
    expect(maxDiff(f64(matmul(P, matmul(L, U))), f64(a))).toBeLessThanOrEqual(1e-4 * 50);
  });
});

describe("blocked triangular solves", () => {
  it.each([
    [47, 3], [48, 48], [49, 1], [97, 130], [130, 5],
  ])("n = %i with %i right-hand sides: every triangle and transposition solves to working accuracy", (n, k) => {
    const t = wellConditioned([n, n], n);
    const b = gaussian([n, k], k);
    for (const upper of [false, true])
      for (const unitriangular of [false, true]) {
        const x = linalg.solveTriangular(t, b, { upper, unitriangular });
        const tri = f64(t).map((v, i) => {
          const [r, c] = [Math.floor(i / n), i % n];
          return r === c && unitriangular ? 1 : (upper ? c >= r : c <= r) ? v : 0;
        });
        const tt = tensor(Array.from({ length: n }, (_, i) => Array.from(tri.subarray(i * n, (i + 1) * n))), { dtype: "float64" });
        expect(maxDiff(f64(matmul(tt, x)), f64(b)), `upper ${upper}, unit ${unitriangular}`).toBeLessThanOrEqual(1e-12 * n);
      }
  });

  it("solve and inv at blocked sizes: A·X = B, A·A⁻¹ = I", () => {
    const n = 130;
    const a = wellConditioned([n, n], 7);
    const b = gaussian([n, 70], 8);
    expect(maxDiff(f64(matmul(a, linalg.solve(a, b))), f64(b))).toBeLessThanOrEqual(1e-12 * n);
    const eye = new Float64Array(n * n).map((_, i) => (i % (n + 1) === 0 ? 1 : 0));
    expect(maxDiff(f64(matmul(a, linalg.inv(a))), eye)).toBeLessThanOrEqual(1e-12 * n);
  });
});

describe("the products run in the backend's matmul", () => {
  const original = getBackend();
  afterEach(() => setBackend(original));

  it.each([
    ["cholesky", (a: Tensor) => linalg.cholesky(a)],
    ["lu", (a: Tensor) => linalg.lu(a)],
    ["solveTriangular", (a: Tensor) => linalg.solveTriangular(a, a, { upper: false })],
  ] as const)("%s of a 200×200 matrix", (_name, f) => {
    const a = spd([200, 200], 1);
    let macs = 0;
    // Named apart from "wasm": under the wasm backend Cholesky and LU run their products on the matrix in
    // wasm memory instead (test/linalg/resident-factorizations.test.ts).
    const counting: Backend = {
      ...original,
      name: "counting",
      matmul(x, xs, y, ys, out, ta, tb) {
        macs += out[out.length - 2]! * out[out.length - 1]! * (ta ? xs[xs.length - 2]! : xs[xs.length - 1]!);
        return original.matmul(x, xs, y, ys, out, ta, tb);
      },
    };
    setBackend(counting);
    f(a);
    setBackend(original);
    // Most of the multiply-adds (n³/6 for Cholesky, n³/3 for LU, n³/2 for the solve) are products.
    expect(macs).toBeGreaterThan(200 ** 3 / 12);
  });
});
