// Blocked Householder QR (dense/householder-qr-blocked.ts, panels of 16 columns with compact-WY
// trailing updates) behind linalg.qr and the tall step of svd: R against unblocked Householder
// (R with a non-negative diagonal is unique), Q orthonormal, Q·R = A, around the panel boundary,
// tall and wide, float32, batches, and that the work goes through the backend's matmul.
import { afterEach, describe, expect, it } from "vitest";
import { getBackend, setBackend } from "../../src/backend/backend.js";
import { cpuBackend } from "../../src/backend/cpu/cpu-backend.js";
import { linalg } from "../../src/linalg/index.js";
import { cast, matmul } from "../../src/ops/index.js";
import { tensor } from "../../src/tensor/creation.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { gaussian, mT, usv } from "./helpers.js";
import { countingMatmul } from "./counting-matmul.js";

const f64 = (t: Tensor): Float64Array => Float64Array.from(t.data(), Number);
const maxDiff = (x: ArrayLike<number>, y: ArrayLike<number>): number => Array.from(x).reduce((m, v, i) => Math.max(m, Math.abs(v - y[i]!)), 0);

/** R of unblocked Householder QR (Golub & Van Loan, Alg. 5.2.1), signs fixed to diag(R) ≥ 0. */
function referenceR(a: Float64Array, m: number, n: number): Float64Array {
  const x = Float64Array.from(a);
  const k = Math.min(m, n);
  for (let j = 0; j < k; j++) {
    let sigma = 0;
    for (let i = j; i < m; i++) sigma += x[i * n + j]! ** 2;
    sigma = Math.sqrt(sigma);
    if (sigma === 0) continue;
    const alpha = x[j * n + j]! >= 0 ? -sigma : sigma;
    const v = Float64Array.from({ length: m - j }, (_, i) => x[(i + j) * n + j]!);
    v[0]! -= alpha;
    const vv = v.reduce((s, t) => s + t * t, 0);
    for (let c = j; c < n; c++) {
      let s = 0;
      for (let i = j; i < m; i++) s += v[i - j]! * x[i * n + c]!;
      for (let i = j; i < m; i++) x[i * n + c]! -= ((2 * s) / vv) * v[i - j]!;
    }
  }
  const r = new Float64Array(k * n);
  for (let i = 0; i < k; i++) {
    const s = x[i * n + i]! < 0 ? -1 : 1;
    for (let c = i; c < n; c++) r[i * n + c] = s * x[i * n + c]!;
  }
  return r;
}

describe("blocked Householder QR", () => {
  it.each([
    [31, 31], [32, 32], [33, 33], [65, 65], [100, 40], [130, 97], [40, 100],
  ])("%i×%i: R as unblocked Householder, QᵀQ = I, Q·R = A", (m, n) => {
    const a = gaussian([m, n], m * 1000 + n);
    const { Q, R } = linalg.qr(a);
    const k = Math.min(m, n);
    const ref = referenceR(f64(a), m, n);
    expect(maxDiff(f64(R), ref)).toBeLessThanOrEqual(1e-12 * Math.max(m, n));
    expect(maxDiff(f64(matmul(Q, R)), f64(a))).toBeLessThanOrEqual(1e-13 * Math.max(m, n));
    const eye = new Float64Array(k * k).map((_, i) => (i % (k + 1) === 0 ? 1 : 0));
    expect(maxDiff(f64(matmul(mT(Q), Q)), eye)).toBeLessThanOrEqual(1e-13 * m);
  });

  it("rank-deficient columns past the first panel keep QᵀQ = I and Q·R = A", () => {
    const u = linalg.qr(gaussian([90, 70], 1)).Q;
    const v = linalg.qr(gaussian([70, 70], 2)).Q;
    const s = tensor(Array.from({ length: 70 }, (_, i) => (i < 40 ? 1 + i : 0)), { dtype: "float64" });
    const a = usv(u, s, mT(v)); // rank 40
    const { Q, R } = linalg.qr(a);
    expect(maxDiff(f64(matmul(Q, R)), f64(a))).toBeLessThanOrEqual(1e-12 * 70);
    const eye = new Float64Array(70 * 70).map((_, i) => (i % 71 === 0 ? 1 : 0));
    expect(maxDiff(f64(matmul(mT(Q), Q)), eye)).toBeLessThanOrEqual(1e-12);
  });

  it("float32 and batches", () => {
    const a = gaussian([2, 70, 50], 3);
    const { Q, R } = linalg.qr(cast(a, "float32"));
    expect(Q.dtype).toBe("float32");
    expect(maxDiff(f64(matmul(Q, R)), f64(a))).toBeLessThanOrEqual(1e-4 * 70);
    const whole = f64(linalg.qr(a).R);
    const second = f64(linalg.qr(tensor(Array.from(f64(a).subarray(3500)), { shape: [70, 50], dtype: "float64" })).R);
    expect(maxDiff(whole.subarray(2500), second)).toBe(0);
  });

  const original = getBackend();
  afterEach(() => setBackend(original));
  it("qr of a 200×200 matrix runs most of its work in the backend's matmul", () => {
    // the cpu backend: under wasm the blocked products run the wasm gemm in place (inWasmMemory), not matmul
    const { backend: counting, count } = countingMatmul(cpuBackend);
    const a = gaussian([200, 200], 5);
    setBackend(counting);
    linalg.qr(a);
    setBackend(original);
    expect(count.macs).toBeGreaterThan(200 ** 3);
  });
});
