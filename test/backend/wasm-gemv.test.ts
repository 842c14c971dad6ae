// The SIMD float64 matrix–vector kernels (assembly/gemv.ts, gemvF64: y = A·x and gemvTF64: y = Aᵀ·x
// on a row-major block with a row stride) bit-compared with a reference that sums in the kernel's order, on shapes that
// hit the four-row passes, the leftover rows and an odd k.
import { describe, expect, it } from "vitest";
import { getKernels, instantiateKernels, MAX_PAGES_MT, MAX_PAGES_ST } from "../../src/backend/wasm/module.js";

/** y_i = (Σ_{c even} a_ic·x_c + Σ_{c odd, c < k−k%2} a_ic·x_c) + a_i,k−1·x_k−1 (odd k): the kernel's two lanes, then its tail. */
function reference(m: number, k: number, a: Float64Array, lda: number, x: Float64Array): Float64Array {
  const y = new Float64Array(m);
  const pairs = k & ~1;
  for (let i = 0; i < m; i++) {
    let even = 0;
    let odd = 0;
    for (let c = 0; c < pairs; c += 2) {
      even += a[i * lda + c]! * x[c]!;
      odd += a[i * lda + c + 1]! * x[c + 1]!;
    }
    let t = even + odd;
    if (pairs < k) t += a[i * lda + pairs]! * x[pairs]!;
    y[i] = t;
  }
  return y;
}

/** y_c = Σ_i a_ic·x_i summed in increasing i (each column on its own, as the kernel's lanes). */
function referenceT(m: number, k: number, a: Float64Array, lda: number, x: Float64Array): Float64Array {
  const y = new Float64Array(k);
  for (let i = 0; i < m; i++) for (let c = 0; c < k; c++) y[c]! += a[i * lda + c]! * x[i]!;
  return y;
}

describe("wasm gemvF64", () => {
  const k0 = getKernels();
  it.skipIf(k0 === null)("y = A·x on padded row-major blocks, bit for bit in the kernel's summation order", () => {
    const k = k0!;
    const memory = new WebAssembly.Memory({ initial: 16, maximum: k.shared ? MAX_PAGES_MT : MAX_PAGES_ST, shared: k.shared });
    const ex = instantiateKernels(k.module, memory);
    const base = ex.heapBase() + 64;
    let s = 7;
    const next = (): number => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32) * 2 - 1;
    for (const [m, kk, pad] of [[1, 1, 0], [4, 2, 1], [5, 3, 2], [7, 8, 0], [13, 9, 3], [64, 63, 1], [130, 130, 5]] as const) {
      const lda = kk + pad;
      const a = Float64Array.from({ length: m * lda }, next);
      const x = Float64Array.from({ length: kk }, next);
      const view = new Float64Array(memory.buffer, base, m * lda + kk + m + 1);
      view.set(a);
      view.set(x, m * lda);
      const yAt = m * lda + kk;
      view[yAt + m] = 12345; // the element after y stays untouched
      ex.gemvF64(m, kk, base, lda, base + m * lda * 8, base + yAt * 8);
      expect(Array.from(view.subarray(yAt, yAt + m)), `m=${m} k=${kk} lda=${lda}`).toEqual(Array.from(reference(m, kk, a, lda, x)));
      expect(view[yAt + m]).toBe(12345);
    }
  });

  it.skipIf(k0 === null)("gemvTF64: y = Aᵀ·x, bit for bit, y overwritten (not accumulated)", () => {
    const k = k0!;
    const memory = new WebAssembly.Memory({ initial: 16, maximum: k.shared ? MAX_PAGES_MT : MAX_PAGES_ST, shared: k.shared });
    const ex = instantiateKernels(k.module, memory);
    const base = ex.heapBase() + 64;
    let s = 11;
    const next = (): number => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32) * 2 - 1;
    for (const [m, kk, pad] of [[1, 1, 0], [3, 2, 1], [5, 3, 2], [40, 31, 1], [100, 32, 0]] as const) {
      const lda = kk + pad;
      const a = Float64Array.from({ length: m * lda }, next);
      const x = Float64Array.from({ length: m }, next);
      const view = new Float64Array(memory.buffer, base, m * lda + m + kk + 1);
      view.set(a);
      view.set(x, m * lda);
      const yAt = m * lda + m;
      view.fill(7, yAt, yAt + kk); // stale values, overwritten
      view[yAt + kk] = 12345;
      ex.gemvTF64(m, kk, base, lda, base + m * lda * 8, base + yAt * 8);
      expect(Array.from(view.subarray(yAt, yAt + kk)), `m=${m} k=${kk} lda=${lda}`).toEqual(Array.from(referenceT(m, kk, a, lda, x)));
      expect(view[yAt + kk]).toBe(12345);
    }
  });
});
