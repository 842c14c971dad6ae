import { allocArray, dtypeOfArray, type TypedArray } from "../../core/dtype.js";
import { sizeOf, type Shape } from "../../core/shape.js";
import { broadcastStrides, forEachRow } from "./broadcast-index.js";

/**
 * C[m×n] = A[m×k] · B[k×n] for one matrix of a batch, row-major, with a 4×4 register tile: sixteen
 * accumulators live in registers across the whole k loop, so each step loads four values of A and
 * four of B (from a packed k×4 panel) for sixteen multiply-adds. Edges fall back to a plain dot product.
 */
export function gemm(a: TypedArray, ao: number, b: TypedArray, bo: number, c: TypedArray, co: number, m: number, k: number, n: number): void {
  const m4 = m - (m % 4);
  const n4 = n - (n % 4);
  // Pack B's k×4 column panels contiguously (panel-major), so the k loop reads them sequentially.
  const packed = new Float64Array(k * n4);
  for (let j = 0; j < n4; j += 4)
    for (let p = 0, bp = bo + j, q = j * k; p < k; p++, bp += n, q += 4) {
      packed[q] = b[bp]!;
      packed[q + 1] = b[bp + 1]!;
      packed[q + 2] = b[bp + 2]!;
      packed[q + 3] = b[bp + 3]!;
    }
  for (let i = 0; i < m4; i += 4) {
    const a0 = ao + i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k;
    for (let j = 0; j < n4; j += 4) {
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      for (let p = 0, q = j * k; p < k; p++, q += 4) {
        const b0 = packed[q]!, b1 = packed[q + 1]!, b2 = packed[q + 2]!, b3 = packed[q + 3]!;
        const x0 = a[a0 + p]!, x1 = a[a1 + p]!, x2 = a[a2 + p]!, x3 = a[a3 + p]!;
        c00 += x0 * b0; c01 += x0 * b1; c02 += x0 * b2; c03 += x0 * b3;
        c10 += x1 * b0; c11 += x1 * b1; c12 += x1 * b2; c13 += x1 * b3;
        c20 += x2 * b0; c21 += x2 * b1; c22 += x2 * b2; c23 += x2 * b3;
        c30 += x3 * b0; c31 += x3 * b1; c32 += x3 * b2; c33 += x3 * b3;
      }
      const r0 = co + i * n + j, r1 = r0 + n, r2 = r1 + n, r3 = r2 + n;
      c[r0] = c00; c[r0 + 1] = c01; c[r0 + 2] = c02; c[r0 + 3] = c03;
      c[r1] = c10; c[r1 + 1] = c11; c[r1 + 2] = c12; c[r1 + 3] = c13;
      c[r2] = c20; c[r2 + 1] = c21; c[r2 + 2] = c22; c[r2 + 3] = c23;
      c[r3] = c30; c[r3 + 1] = c31; c[r3 + 2] = c32; c[r3 + 3] = c33;
    }
  }
  // Edges: the last m % 4 rows, and the last n % 4 columns of the first m4 rows.
  for (let i = 0; i < m; i++)
    for (let j = i < m4 ? n4 : 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[ao + i * k + p]! * b[bo + p * n + j]!;
      c[co + i * n + j] = s;
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
