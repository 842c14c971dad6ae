// The four-rows-per-pass SIMD float64 kernel y = Aᵀ·x (assembly/gemvt-wide.ts, gemvTWideF64, on a
// row-major block with a row stride) bit-compared with a reference that sums in its order, on shapes
// that hit the four-row passes, the leftover rows, an odd k and padded rows; compared with gemvTF64 to
// rounding across those edges; NaN and ±∞ entries reach exactly the outputs whose sums contain them.
import { describe, expect, it } from "vitest";
import { getKernels, instantiateKernels, MAX_PAGES_MT, MAX_PAGES_ST, type KernelExports } from "../../src/backend/wasm/module.js";

/** y_c = Σ over groups of four rows of ((x₀a₀ + x₁a₁) + (x₂a₂ + x₃a₃)), then the leftover rows one by one, in increasing i. */
function referenceT(m: number, k: number, a: Float64Array, lda: number, x: Float64Array): Float64Array {
  const y = new Float64Array(k);
  let i = 0;
  for (; i + 3 < m; i += 4)
    for (let c = 0; c < k; c++) {
      const p = a[i * lda + c]! * x[i]! + a[(i + 1) * lda + c]! * x[i + 1]!;
      const q = a[(i + 2) * lda + c]! * x[i + 2]! + a[(i + 3) * lda + c]! * x[i + 3]!;
      y[c]! += p + q;
    }
  for (; i < m; i++) for (let c = 0; c < k; c++) y[c]! += a[i * lda + c]! * x[i]!;
  return y;
}

/** Fresh kernels on their own memory, and the byte offset where the test's data may start. */
function setUp(): { ex: KernelExports; memory: WebAssembly.Memory; base: number } {
  const k = getKernels()!;
  const memory = new WebAssembly.Memory({ initial: 16, maximum: k.shared ? MAX_PAGES_MT : MAX_PAGES_ST, shared: k.shared });
  const ex = instantiateKernels(k.module, memory);
  return { ex, memory, base: ex.heapBase() + 64 };
}

/** Runs `kernel` on A (m×k, row stride lda) and x (m) in wasm memory, with stale values in y (k) and a guard after it: [y, guard]. */
function run(kernel: "gemvTF64" | "gemvTWideF64", m: number, kk: number, lda: number, a: Float64Array, x: Float64Array): [number[], number] {
  const { ex, memory, base } = setUp();
  const view = new Float64Array(memory.buffer, base, m * lda + m + kk + 1);
  view.set(a);
  view.set(x, m * lda);
  const yAt = m * lda + m;
  view.fill(7, yAt, yAt + kk); // stale values, overwritten
  view[yAt + kk] = 12345;
  ex[kernel](m, kk, base, lda, base + m * lda * 8, base + yAt * 8);
  return [Array.from(view.subarray(yAt, yAt + kk)), view[yAt + kk]!];
}

const SHAPES = [[1, 1, 0], [3, 2, 1], [4, 4, 0], [5, 3, 2], [7, 5, 1], [8, 6, 0], [13, 9, 3], [40, 31, 1], [64, 63, 1], [101, 130, 5], [130, 128, 0]] as const;

describe.skipIf(getKernels() === null)("wasm gemvTWideF64", () => {
  let s = 7;
  const next = (): number => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32) * 2 - 1;

  it("y = Aᵀ·x, bit for bit in its summation order, y overwritten, nothing after y written", () => {
    for (const [m, kk, pad] of SHAPES) {
      const lda = kk + pad;
      const a = Float64Array.from({ length: m * lda }, next);
      const x = Float64Array.from({ length: m }, next);
      const [y, guard] = run("gemvTWideF64", m, kk, lda, a, x);
      expect(y, `m=${m} k=${kk} lda=${lda}`).toEqual(Array.from(referenceT(m, kk, a, lda, x)));
      expect(guard).toBe(12345);
    }
  });

  it("agrees with gemvTF64 to rounding on blocks across the four-row and odd-column edges", () => {
    for (const [m, kk, pad] of SHAPES) {
      const lda = kk + pad;
      const a = Float64Array.from({ length: m * lda }, next);
      const x = Float64Array.from({ length: m }, next);
      const [plain] = run("gemvTF64", m, kk, lda, a, x);
      const [wide] = run("gemvTWideF64", m, kk, lda, a, x);
      wide.forEach((v, c) => expect(Math.abs(v - plain[c]!), `m=${m} k=${kk} column ${c}`).toBeLessThanOrEqual(4 * m * 2 ** -52));
    }
  });

  it("NaN and ±∞ in A or x reach exactly the outputs whose sums contain them", () => {
    const [m, kk, lda] = [9, 7, 8];
    for (const bad of [NaN, Infinity, -Infinity]) {
      const a = new Float64Array(m * lda).fill(0.5);
      a[5 * lda + 6] = bad; // row 5 (in the second four-row pass), column 6 (the odd column)
      const [y] = run("gemvTWideF64", m, kk, lda, a, new Float64Array(m).fill(1));
      y.forEach((v, c) => expect(Object.is(v, c === 6 ? bad : 4.5), `column ${c}, A₅₆ = ${bad}`).toBe(true));
      a[5 * lda + 6] = 0.5;
      a[8 * lda + 1] = bad; // row 8: the leftover row
      const [y8] = run("gemvTWideF64", m, kk, lda, a, new Float64Array(m).fill(1));
      y8.forEach((v, c) => expect(Object.is(v, c === 1 ? bad : 4.5), `column ${c}, A₈₁ = ${bad}`).toBe(true));
      const x = new Float64Array(m).fill(1);
      x[2] = bad; // inside the first four-row pass
      const [yx] = run("gemvTWideF64", m, kk, lda, new Float64Array(m * lda).fill(0.5), x);
      yx.forEach((v, c) => expect(Object.is(v, bad), `column ${c}, x₂ = ${bad}`).toBe(true));
    }
  });
});
