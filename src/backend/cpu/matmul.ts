import { allocArray, dtypeOfArray, type TypedArray } from "../../core/dtype.js";
import { sizeOf, type Shape } from "../../core/shape.js";
import { broadcastStrides, forEachRow } from "./broadcast-index.js";

/**
 * C[m×n] += A[m×k] · B[k×n] for one matrix of a batch, row-major, with a 4-row register block:
 * each pass over a row of B updates four rows of C, so B is streamed once per four rows of A.
 */
function gemm(a: TypedArray, ao: number, b: TypedArray, bo: number, c: TypedArray, co: number, m: number, k: number, n: number): void {
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const c0 = co + i * n, c1 = c0 + n, c2 = c1 + n, c3 = c2 + n;
    const a0 = ao + i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k;
    for (let p = 0; p < k; p++) {
      const x0 = a[a0 + p]!, x1 = a[a1 + p]!, x2 = a[a2 + p]!, x3 = a[a3 + p]!;
      const br = bo + p * n;
      for (let j = 0; j < n; j++) {
        const y = b[br + j]!;
        c[c0 + j]! += x0 * y;
        c[c1 + j]! += x1 * y;
        c[c2 + j]! += x2 * y;
        c[c3 + j]! += x3 * y;
      }
    }
  }
  for (; i < m; i++) {
    const cr = co + i * n;
    const ar = ao + i * k;
    for (let p = 0; p < k; p++) {
      const x = a[ar + p]!;
      const br = bo + p * n;
      for (let j = 0; j < n; j++) c[cr + j]! += x * b[br + j]!;
    }
  }
}

/** Batched matmul `[...batch, m, k] @ [...batch, k, n]` with broadcast batch dimensions. */
export function matmul(a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, outShape: Shape): TypedArray {
  const m = aShape[aShape.length - 2]!;
  const k = aShape[aShape.length - 1]!;
  const n = bShape[bShape.length - 1]!;
  const out = allocArray(dtypeOfArray(a), sizeOf(outShape));
  const batchShape = outShape.slice(0, -2);
  if (batchShape.length === 0) {
    gemm(a, 0, b, 0, out, 0, m, k, n);
    return out;
  }
  const sa = broadcastStrides(aShape.slice(0, -2), batchShape).map((s) => s * m * k);
  const sb = broadcastStrides(bShape.slice(0, -2), batchShape).map((s) => s * k * n);
  // Iterate the batch as rows of length 1 along a trailing unit axis.
  forEachRow([...batchShape, 1], [[...sa, 0], [...sb, 0]], (offs, o) => {
    gemm(a, offs[0]!, b, offs[1]!, out, o * m * n, m, k, n);
  });
  return out;
}
