import { allocArray, dtypeOfArray, type TypedArray } from "../../core/dtype.js";
import { sizeOf, type Shape } from "../../core/shape.js";
import { broadcastStrides, forEachRow } from "./broadcast-index.js";

/**
 * y[i] = Σ_p A(i, p)·x[p] for i < m, p < k, with A(i, p) at `a[ao + i·rs + p·cs]`, x contiguous
 * from `xo`, y contiguous from `yo`; reads transposed storage in place (no copy).
 * NOTE: every y[i] is summed from 0 in increasing p, as the gemm's edge loop sums, so results are
 * bit-identical to the plain kernel; only the loop order over (i, p) follows the storage. A
 * non-float64 y accumulates in a float64 scratch and is rounded once at the end, as gemm does.
 */
export function gemv(
  a: TypedArray, ao: number, rs: number, cs: number, x: TypedArray, xo: number,
  y: TypedArray, yo: number, m: number, k: number,
): void {
  if (cs === 1 || rs !== 1) {
    // Rows of A contiguous (or neither): dot products, four rows per pass sharing the loads of x.
    const m4 = m - (m % 4);
    let i = 0;
    for (let r = ao; i < m4; i += 4, r += 4 * rs) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let p = 0, q = r; p < k; p++, q += cs) {
        const xp = x[xo + p]!;
        s0 += a[q]! * xp; s1 += a[q + rs]! * xp; s2 += a[q + 2 * rs]! * xp; s3 += a[q + 3 * rs]! * xp;
      }
      y[yo + i] = s0; y[yo + i + 1] = s1; y[yo + i + 2] = s2; y[yo + i + 3] = s3;
    }
    for (let r = ao + i * rs; i < m; i++, r += rs) {
      let s = 0;
      for (let p = 0, q = r; p < k; p++, q += cs) s += a[q]! * x[xo + p]!;
      y[yo + i] = s;
    }
    return;
  }
  // Columns of A contiguous (A stored transposed): scaled columns added in increasing p, four
  // columns per pass (each y[i] still adds them one at a time, in order).
  const acc = y instanceof Float64Array ? y : new Float64Array(m);
  const o = acc === y ? yo : 0;
  acc.fill(0, o, o + m);
  const k4 = k - (k % 4);
  let p = 0;
  for (let c = ao; p < k4; p += 4, c += 4 * cs) {
    const x0 = x[xo + p]!, x1 = x[xo + p + 1]!, x2 = x[xo + p + 2]!, x3 = x[xo + p + 3]!;
    const c1 = c + cs, c2 = c1 + cs, c3 = c2 + cs;
    for (let i = 0; i < m; i++) {
      let s = acc[o + i]!;
      s += a[c + i]! * x0; s += a[c1 + i]! * x1; s += a[c2 + i]! * x2; s += a[c3 + i]! * x3;
      acc[o + i] = s;
    }
  }
  for (let c = ao + p * cs; p < k; p++, c += cs) {
    const xp = x[xo + p]!;
    for (let i = 0; i < m; i++) acc[o + i]! += a[c + i]! * xp;
  }
  if (acc !== y) for (let i = 0; i < m; i++) y[yo + i] = acc[i]!;
}

/** True when `op(A)·op(B)` has one row or one column, so `matvec` computes it without gemm or copies. */
export function isMatvec(aShape: Shape, bShape: Shape, transA: boolean, transB: boolean): boolean {
  const m = transA ? aShape[aShape.length - 1]! : aShape[aShape.length - 2]!;
  const n = transB ? bShape[bShape.length - 2]! : bShape[bShape.length - 1]!;
  return m === 1 || n === 1;
}

/**
 * Batched `op(A)·op(B)` where m = 1 or n = 1 (A stored `[..., k, m]` for `transA`, B `[..., n, k]`
 * for `transB`), with broadcast batch dimensions: each product is one `gemv` on the operands in place.
 */
export function matvec(
  a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, outShape: Shape, transA = false, transB = false,
): TypedArray {
  const ra = aShape.length;
  const rb = bShape.length;
  const m = transA ? aShape[ra - 1]! : aShape[ra - 2]!;
  const k = transA ? aShape[ra - 2]! : aShape[ra - 1]!;
  const n = transB ? bShape[rb - 2]! : bShape[rb - 1]!;
  const out = allocArray(dtypeOfArray(a), sizeOf(outShape));
  // A(i, p) at i·rsA + p·csA, B(p, j) at p·rsB + j·csB.
  const rsA = transA ? 1 : k, csA = transA ? m : 1;
  const rsB = transB ? 1 : n, csB = transB ? k : 1;
  // NOTE: with n = 1 the column of B is contiguous (stride rsB = 1 or n = 1) and C = A·b; with
  // m = 1 the row of A is contiguous and C's row is Bᵀ·a (Bᵀ(j, p) at j·csB + p·rsB).
  const one = (ao: number, bo: number, co: number): void => {
    if (n === 1) gemv(a, ao, rsA, csA, b, bo, out, co, m, k);
    else gemv(b, bo, csB, rsB, a, ao, out, co, n, k);
  };
  const batchShape = outShape.slice(0, -2);
  if (batchShape.length === 0) {
    one(0, 0, 0);
    return out;
  }
  const sa = broadcastStrides(aShape.slice(0, -2), batchShape).map((s) => s * m * k);
  const sb = broadcastStrides(bShape.slice(0, -2), batchShape).map((s) => s * k * n);
  forEachRow([...batchShape, 1], [[...sa, 0], [...sb, 0]], (offs, o) => one(offs[0]!, offs[1]!, o * m * n));
  return out;
}
