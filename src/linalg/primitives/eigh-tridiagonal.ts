// Dense symmetric eigensolver for eigh at sizes where cyclic Jacobi is slow: Householder
// tridiagonalisation Qᵀ·A·Q = T (Golub & Van Loan, Alg. 8.3.1; 4n³/3 flops), then the
// eigen-decomposition of T and the back-transformation V = Q·Z. Above 32×32: the reduction blocked
// (dense/tridiagonalise-blocked.ts: half its flops in gemm), Cuppen's divide and conquer on T (dense/tridiagonal-divide-conquer.ts, its products in the wasm gemm) and Q applied to
// Z in blocks of 32 reflectors (compact WY, dense/householder-wy.ts): 2n³ more flops, nearly all in
// gemm (measured ≈ 2× faster than QL at n = 256). Up to 32×32: the implicit QL iteration of EISPACK
// tql2 (dense/tridiagonal-ql.ts), accumulating its rotations into the explicitly formed Q (≈ 6n³
// flops, cheapest at small n). Both are backward stable: the eigenvalues are exact for A + E with
// ‖E‖ = O(nε‖A‖) and the vectors are orthonormal to working precision. The reduction updates the
// lower triangle only, along rows of the row-major array.
import { applyReflectors } from "../dense/householder-wy.js";
import { tridiagonaliseBlocked } from "../dense/tridiagonalise-blocked.js";
import { tridiagonalDivideConquer } from "../dense/tridiagonal-divide-conquer.js";
import { tridiagonalQl } from "../dense/tridiagonal-ql.js";
import { householderVector } from "./householder-vector.js";

/** Above this order the tridiagonal is solved by divide and conquer, below by QL with rotations. */
const DIVIDE_AND_CONQUER_MIN_N = 32;

/**
 * Tridiagonalises the symmetric n×n `a` (lower triangle read; overwritten): the diagonal d, the
 * off-diagonal e (e_i = T_i,i+1) and Q (row-major) with A = Q·T·Qᵀ.
 */
function tridiagonalise(a: Float64Array, n: number): [Float64Array, Float64Array, Float64Array] {
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  const vs: Float64Array[] = [];
  const betas: number[] = [];
  const p = new Float64Array(n);
  for (let k = 0; k < n - 2; k++) {
    const len = n - k - 1;
    const v = new Float64Array(len);
    const [beta, alpha] = householderVector(a, (k + 1) * n + k, n, len, v); // column k below the diagonal
    d[k] = a[k * n + k]!;
    e[k] = alpha;
    vs.push(v);
    betas.push(beta);
    if (beta === 0) continue;
    // S ← H·S·H for the trailing block S (lower triangle): p = β·S·v, w = p − (β/2)(pᵀv)·v, S ← S − v·wᵀ − w·vᵀ
    const base = (k + 1) * n + k + 1;
    p.fill(0, 0, len);
    for (let i = 0; i < len; i++) {
      const row = base + i * n;
      const vi = v[i]!;
      let sum = 0;
      for (let c = 0; c < i; c++) {
        const s = a[row + c]!;
        sum += s * v[c]!;
        p[c]! += s * vi;
      }
      p[i]! += sum + a[row + i]! * vi;
    }
    let pv = 0;
    for (let i = 0; i < len; i++) {
      p[i]! *= beta;
      pv += p[i]! * v[i]!;
    }
    const half = (beta / 2) * pv;
    for (let i = 0; i < len; i++) p[i]! -= half * v[i]!;
    for (let i = 0; i < len; i++) {
      const row = base + i * n;
      const vi = v[i]!;
      const wi = p[i]!;
      for (let c = 0; c <= i; c++) a[row + c]! -= vi * p[c]! + wi * v[c]!;
    }
  }
  if (n >= 2) {
    d[n - 2] = a[(n - 2) * n + n - 2]!;
    e[n - 2] = a[(n - 1) * n + n - 2]!;
  }
  d[n - 1] = a[n * n - 1]!;
  // Q = H_0⋯H_{n−3}, applied to I from H_{n−3} down (each H_k touches only rows and columns k+1.. then).
  const q = new Float64Array(n * n);
  for (let i = 0; i < n; i++) q[i * n + i] = 1;
  const w = new Float64Array(n);
  for (let k = n - 3; k >= 0; k--) {
    const beta = betas[k]!;
    if (beta === 0) continue;
    const v = vs[k]!;
    const c0 = k + 1;
    // Two rows per pass (half the loads and stores of w): w = β·vᵀQ, then Q −= v·w.
    const len = n - c0;
    w.fill(0, c0, n);
    let i = 0;
    for (; i + 1 < len; i += 2) {
      const vi = v[i]!;
      const vj = v[i + 1]!;
      const row = (c0 + i) * n;
      const next = row + n;
      for (let c = c0; c < n; c++) w[c]! += vi * q[row + c]! + vj * q[next + c]!;
    }
    if (i < len) for (let c = c0, row = (c0 + i) * n, vi = v[i]!; c < n; c++) w[c]! += vi * q[row + c]!;
    for (let c = c0; c < n; c++) w[c]! *= beta;
    for (i = 0; i + 1 < len; i += 2) {
      const vi = v[i]!;
      const vj = v[i + 1]!;
      const row = (c0 + i) * n;
      const next = row + n;
      for (let c = c0; c < n; c++) {
        const wc = w[c]!;
        q[row + c]! -= vi * wc;
        q[next + c]! -= vj * wc;
      }
    }
    if (i < len) for (let c = c0, row = (c0 + i) * n, vi = v[i]!; c < n; c++) q[row + c]! -= vi * w[c]!;
  }
  return [d, e, q];
}

/**
 * Eigen-decomposition of the symmetric n×n `a` (row-major, lower triangle read, finite, scaled to
 * max|a| ≈ 1): returns the eigenvectors as the columns of a row-major n×n matrix and writes the
 * matching eigenvalues (unsorted) onto the diagonal of `a`. Null, with `a` untouched, when `a` is
 * not finite or the iteration did not converge (the caller then uses Jacobi).
 */
export function tridiagonalEigh(a: Float64Array, n: number): Float64Array | null {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i]!)) return null;
  if (n > DIVIDE_AND_CONQUER_MIN_N) {
    const [d, e, reflectors] = tridiagonaliseBlocked(Float64Array.from(a), n);
    const dc = tridiagonalDivideConquer(d, e, n);
    if (dc) {
      applyReflectors(dc[1], n, n, reflectors); // V = Q·Z
      for (let j = 0; j < n; j++) a[j * n + j] = dc[0][j]!;
      return dc[1];
    }
  }
  const [d, e, q] = tridiagonalise(Float64Array.from(a), n);
  if (!tridiagonalQl(d, e, q, n)) return null;
  for (let j = 0; j < n; j++) a[j * n + j] = d[j]!;
  return q;
}
