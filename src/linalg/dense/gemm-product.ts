// C = A·B for contiguous row-major float64 operands, returned as a fresh array: the products of the
// spectral kernels (divide-and-conquer merges) whose output needs no accumulation, so the backend's
// result is used as it is instead of being added into a zero block.
import { getBackend } from "../../backend/backend.js";

/**
 * Below this many multiply-adds the product runs as a JS loop (the backend call copies operands
 * in and out). NOTE: 32³, gemm-update.ts's crossover.
 */
const BACKEND_MIN_MACS = 32 * 32 * 32;

/** A·B with A m×k and B k×n, both contiguous row-major, as a new m×n row-major array. */
export function gemmProduct(a: Float64Array, b: Float64Array, m: number, k: number, n: number): Float64Array {
  if (m * n * k >= BACKEND_MIN_MACS) {
    const prod = getBackend().matmul(a.subarray(0, m * k), [m, k], b.subarray(0, k * n), [k, n], [m, n]);
    return prod instanceof Float64Array ? prod : Float64Array.from(prod);
  }
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let p = 0; p < k; p++) {
      const aip = a[i * k + p]!;
      if (aip === 0) continue;
      for (let j = 0, bp = p * n, ci = i * n; j < n; j++) c[ci + j]! += aip * b[bp + j]!;
    }
  return c;
}
