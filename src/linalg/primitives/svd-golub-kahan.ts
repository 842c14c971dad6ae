// Dense SVD for svd at sizes where one-sided Jacobi is slow: Householder QR of a tall matrix, then
// Householder bidiagonalisation Uᵦᵀ·R·Vᵦ = B (Golub & Van Loan, Alg. 5.4.2; blocked as LAPACK's
// dgebrd, dense/bidiagonalise-blocked.ts) and the Golub–Kahan
// implicit-shift QR iteration on B (dense/bidiagonal-qr.ts), which accumulates its rotations into
// Uᵦ and Vᵦ. About 2mn² for the QR and 4mn² for applying Q, 8n³/3 for
// B, 8n³/3 for Uᵦ, Vᵦ and ≈ 12n³ for the rotations, against ≈ 5n³ per Jacobi sweep and 8–14 sweeps.
// Backward stable (singular values exact for A + E with ‖E‖ = O(nε‖A‖), small ones with absolute
// accuracy only, unlike Jacobi's relative accuracy for graded matrices), U and V orthonormal to
// working precision also for rank-deficient A. From order 96 on the bidiagonal SVD is divide and
// conquer on B itself instead (dense/bidiagonal-svd-divide-conquer.ts, LAPACK's dbdsdc: ≈ (4/3)·2n³
// multiply-adds in gemm instead of ≈ 12n³ flops of rotations), and Uᵦ, Vᵦ are applied to its
// vectors afterwards (compact WY).
import { householderQrInPlace } from "../dense/householder-qr-blocked.js";
import { releaseScratch, takeScratch } from "../dense/bidiagonal-scratch.js";
import { bidiagonalSvdDivideConquer } from "../dense/bidiagonal-svd-divide-conquer.js";
import { bidiagonaliseBlocked } from "../dense/bidiagonalise-blocked.js";
import { applyReflectors, type Reflector } from "../dense/householder-wy.js";
import { bidiagonalQr } from "../dense/bidiagonal-qr.js";

/**
 * From this order on the bidiagonal SVD is divide and conquer, below it Golub–Kahan QR with rotations.
 * NOTE: measured (CPU time, paired, 2-core machine under load, the n×n bidiagonal D&C of
 * bidiagonal-svd-divide-conquer.ts): D&C ÷ QR median 1.3× at 32–48, ≈ 1.0–1.15× at 64–80, 0.85× at
 * 96, 0.64× at 128, 0.53× at 192 (golubKahanSvd(a, n, n, 0) against golubKahanSvd(a, n, n, Infinity)).
 */
const DIVIDE_AND_CONQUER_MIN_N = 96;

/** Uᵦᵀ = H_{n−1}⋯H_0 = (H_0⋯H_{n−1})ᵀ (or Vᵦᵀ) from its reflectors, applied to I in blocks (compact WY). */
function transposedProduct(reflectors: readonly Reflector[], n: number): Float64Array {
  const x = new Float64Array(n * n);
  for (let i = 0; i < n; i++) x[i * n + i] = 1;
  applyReflectors(x, n, n, reflectors, true);
  return x;
}

/**
 * SVD of the m×n `a` (m ≥ n, row-major, finite, scaled to max|a| ≈ 1; not modified): U (m×n),
 * s (n, descending) and V (n×n), row-major, with A = U·diag(s)·Vᵀ. Null when `a` is not finite or
 * the iteration did not converge (the caller then uses Jacobi). From order `divideAndConquerMinN` on
 * the bidiagonal SVD is divide and conquer.
 * NOTE: a tall A is first reduced to R by Householder QR (A = Q·R), as LAPACK's dgesvd does for
 * m ≫ n, so that the rotations act on vectors of length n; then U = Q·U_R.
 */
export function golubKahanSvd(a: Float64Array, m: number, n: number, divideAndConquerMinN = DIVIDE_AND_CONQUER_MIN_N): [Float64Array, Float64Array, Float64Array] | null {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i]!)) return null;
  const work = takeScratch(a.length);
  work.set(a);
  // R: the upper triangle of the first n rows (blocked QR)
  const reflectors = m > n ? householderQrInPlace(work, m, n) : [];
  const [s, e, left, right] = bidiagonaliseBlocked(work.subarray(0, n * n), n);
  releaseScratch(work); // R's reflectors and B's are held apart from it
  if (n >= divideAndConquerMinN) {
    // B = U_B·Σ·V_Bᵀ by divide and conquer; R's singular vectors Uᵦ·U_B and Vᵦ·V_B by the reflectors.
    const dc = bidiagonalSvdDivideConquer(s, e, n);
    if (dc) {
      const [sigma, ub, vb] = dc;
      applyReflectors(ub, n, n, left);
      applyReflectors(vb, n, n, right);
      const out = finish(sigma, ub, vb, m, n, reflectors, true);
      releaseScratch(ub);
      releaseScratch(vb);
      return out;
    }
  }
  const ut = transposedProduct(left, n);
  const vt = transposedProduct(right, n);
  if (!bidiagonalQr(s, e, ut, vt, n)) return null;
  return finish(s, ut, vt, m, n, reflectors, false);
}

/**
 * Sorts s descending with the singular vectors of R (the rows of ut and vt, n×n, or their columns
 * with `columns`) into U (m×n) and V (n×n), and applies Q to U.
 */
function finish(s: Float64Array, ut: Float64Array, vt: Float64Array, m: number, n: number, reflectors: Reflector[], columns: boolean): [Float64Array, Float64Array, Float64Array] {
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => s[j]! - s[i]! || i - j);
  const u = new Float64Array(m * n);
  const v = new Float64Array(n * n);
  const sorted = new Float64Array(n);
  order.forEach((src, dst) => (sorted[dst] = s[src]!));
  if (columns)
    for (let r = 0; r < n; r++)
      for (let dst = 0; dst < n; dst++) {
        u[r * n + dst] = ut[r * n + order[dst]!]!;
        v[r * n + dst] = vt[r * n + order[dst]!]!;
      }
  else
    order.forEach((src, dst) => {
      for (let r = 0; r < n; r++) {
        u[r * n + dst] = ut[src * n + r]!;
        v[r * n + dst] = vt[src * n + r]!;
      }
    });
  applyReflectors(u, m, n, reflectors); // U = Q·[U_R; 0] = H_0⋯H_{n−1}·[U_R; 0]
  return [u, sorted, v];
}
