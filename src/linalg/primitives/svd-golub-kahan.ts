// Dense SVD for svd at sizes where one-sided Jacobi is slow: Householder QR of a tall matrix, then
// Householder bidiagonalisation Uᵦᵀ·R·Vᵦ = B (Golub & Van Loan, Alg. 5.4.2; blocked as LAPACK's
// dgebrd, dense/bidiagonalise-blocked.ts) and the Golub–Kahan
// implicit-shift QR iteration on B (Golub & Kahan 1965; the LINPACK dsvdc variant as in JAMA), which
// accumulates its rotations into Uᵦ and Vᵦ. About 2mn² for the QR and 4mn² for applying Q, 8n³/3 for
// B, 8n³/3 for Uᵦ, Vᵦ and ≈ 12n³ for the rotations, against ≈ 5n³ per Jacobi sweep and 8–14 sweeps.
// Backward stable (singular values exact for A + E with ‖E‖ = O(nε‖A‖), small ones with absolute
// accuracy only, unlike Jacobi's relative accuracy for graded matrices), U and V orthonormal to
// working precision also for rank-deficient A. Every loop runs along rows of row-major arrays: the
// vectors are kept as the rows of Uᵀ and Vᵀ, so rotations combine two contiguous rows. From 256×256
// the bidiagonal SVD is divide and conquer on its Golub–Kahan tridiagonal instead
// (dense/bidiagonal-divide-conquer.ts: products in gemm instead of ≈ 12n³ flops of rotations).
import { householderQrInPlace } from "../dense/householder-qr-blocked.js";
import { bidiagonalDivideConquer } from "../dense/bidiagonal-divide-conquer.js";
import { bidiagonaliseBlocked } from "../dense/bidiagonalise-blocked.js";
import { applyReflectors, type Reflector } from "../dense/householder-wy.js";
import { pythag } from "./householder-vector.js";

const EPS = 2 ** -52;
const TINY = 2 ** -966;
/**
 * From this order on the bidiagonal SVD is divide and conquer, below it Golub–Kahan QR with rotations.
 * NOTE: measured (CPU time, paired, 2-core machine under load, with the blocked bidiagonalisation
 * and the faster eigh D&C of 428454e): D&C ÷ QR median 1.27× at 128, 0.96× at 192, 0.81× at 256;
 * its JS parts (secular equations, gathers on the 2n×2n problem) are what it loses on below that.
 */
const DIVIDE_AND_CONQUER_MIN_N = 256;

/** Rows p, q of the row-major x (rows of length len): [x_p, x_q] ← [c·x_p + s·x_q, −s·x_p + c·x_q]. */
function rotateRows(x: Float64Array, len: number, p: number, q: number, c: number, s: number): void {
  const a = p * len;
  const b = q * len;
  for (let i = 0; i < len; i++) {
    const xp = x[a + i]!;
    const xq = x[b + i]!;
    x[a + i] = c * xp + s * xq;
    x[b + i] = c * xq - s * xp;
  }
}

/**
 * Applies the rotations j = k … end−1 in order, rotation j to rows (j, j+1) of x as `rotateRows`
 * does: four rotations per pass over five rows, then two over three (the same arithmetic, fewer
 * loads and stores).
 */
function rotateSweep(x: Float64Array, len: number, k: number, end: number, cs: Float64Array, sn: Float64Array): void {
  let j = k;
  for (; j + 3 < end; j += 4) {
    const c1 = cs[j]!;
    const s1 = sn[j]!;
    const c2 = cs[j + 1]!;
    const s2 = sn[j + 1]!;
    const c3 = cs[j + 2]!;
    const s3 = sn[j + 2]!;
    const c4 = cs[j + 3]!;
    const s4 = sn[j + 3]!;
    const a = j * len;
    const b = a + len;
    const c = b + len;
    const d = c + len;
    const f = d + len;
    for (let i = 0; i < len; i++) {
      const xa = x[a + i]!;
      const xb = x[b + i]!;
      const xc = x[c + i]!;
      const xd = x[d + i]!;
      const xf = x[f + i]!;
      const yb = c1 * xb - s1 * xa;
      const yc = c2 * xc - s2 * yb;
      const yd = c3 * xd - s3 * yc;
      x[a + i] = c1 * xa + s1 * xb;
      x[b + i] = c2 * yb + s2 * xc;
      x[c + i] = c3 * yc + s3 * xd;
      x[d + i] = c4 * yd + s4 * xf;
      x[f + i] = c4 * xf - s4 * yd;
    }
  }
  for (; j + 1 < end; j += 2) {
    const c1 = cs[j]!;
    const s1 = sn[j]!;
    const c2 = cs[j + 1]!;
    const s2 = sn[j + 1]!;
    const a = j * len;
    const b = a + len;
    const c = b + len;
    for (let i = 0; i < len; i++) {
      const xa = x[a + i]!;
      const xb = x[b + i]!;
      const xc = x[c + i]!;
      const yb = c1 * xb - s1 * xa;
      x[a + i] = c1 * xa + s1 * xb;
      x[b + i] = c2 * yb + s2 * xc;
      x[c + i] = c2 * xc - s2 * yb;
    }
  }
  if (j < end) rotateRows(x, len, j, j + 1, cs[j]!, sn[j]!);
}

/** Uᵦᵀ = H_{n−1}⋯H_0 = (H_0⋯H_{n−1})ᵀ (or Vᵦᵀ) from its reflectors, applied to I in blocks (compact WY). */
function transposedProduct(reflectors: readonly Reflector[], n: number): Float64Array {
  const x = new Float64Array(n * n);
  for (let i = 0; i < n; i++) x[i * n + i] = 1;
  applyReflectors(x, n, n, reflectors, true);
  return x;
}

/**
 * Golub–Kahan QR on the upper bidiagonal (s, e), e_k = B_k,k+1, in place: s becomes the singular
 * values (≥ 0, unsorted); rotations act on the rows of ut and vt (n×n). False if it did not converge.
 */
function bidiagonalQr(s: Float64Array, e: Float64Array, ut: Float64Array, vt: Float64Array, n: number): boolean {
  let p = n;
  let steps = 0;
  const csV = new Float64Array(n);
  const snV = new Float64Array(n);
  const csU = new Float64Array(n);
  const snU = new Float64Array(n);
  while (p > 0) {
    // Find the largest k < p − 1 with e_k negligible (k = −1 when none) and what to do with the block.
    let k: number;
    for (k = p - 2; k >= 0; k--)
      if (Math.abs(e[k]!) <= TINY + EPS * (Math.abs(s[k]!) + Math.abs(s[k + 1]!))) {
        e[k] = 0;
        break;
      }
    let kase: number;
    if (k === p - 2) kase = 4;
    else {
      let ks: number;
      for (ks = p - 1; ks > k; ks--) {
        const t = (ks !== p ? Math.abs(e[ks]!) : 0) + (ks !== k + 1 ? Math.abs(e[ks - 1]!) : 0);
        if (Math.abs(s[ks]!) <= TINY + EPS * t) {
          s[ks] = 0;
          break;
        }
      }
      if (ks === k) kase = 3;
      else if (ks === p - 1) kase = 1;
      else {
        kase = 2;
        k = ks;
      }
    }
    k++;
    if (kase === 1) {
      // s_{p−1} = 0: chase e_{p−2} up out of the block with rotations of V.
      let f = e[p - 2]!;
      e[p - 2] = 0;
      for (let j = p - 2; j >= k; j--) {
        const t = pythag(s[j]!, f);
        const cs = s[j]! / t;
        const sn = f / t;
        s[j] = t;
        if (j !== k) {
          f = -sn * e[j - 1]!;
          e[j - 1] = cs * e[j - 1]!;
        }
        rotateRows(vt, n, j, p - 1, cs, sn);
      }
    } else if (kase === 2) {
      // s_{k−1} = 0: split, chasing e_{k−1} down with rotations of U.
      let f = e[k - 1]!;
      e[k - 1] = 0;
      for (let j = k; j < p; j++) {
        const t = pythag(s[j]!, f);
        const cs = s[j]! / t;
        const sn = f / t;
        s[j] = t;
        f = -sn * e[j]!;
        e[j] = cs * e[j]!;
        rotateRows(ut, n, j, k - 1, cs, sn);
      }
    } else if (kase === 3) {
      if (++steps > 75 * n) return false;
      // One implicit QR step on the block k..p−1, shifted by the eigenvalue of the trailing 2×2 of
      // BᵀB nearer to its last entry (Wilkinson shift).
      const scale = Math.max(Math.abs(s[p - 1]!), Math.abs(s[p - 2]!), Math.abs(e[p - 2]!), Math.abs(s[k]!), Math.abs(e[k]!));
      const sp = s[p - 1]! / scale;
      const spm1 = s[p - 2]! / scale;
      const epm1 = e[p - 2]! / scale;
      const sk = s[k]! / scale;
      const ek = e[k]! / scale;
      const b = ((spm1 + sp) * (spm1 - sp) + epm1 * epm1) / 2;
      const c = sp * epm1 * (sp * epm1);
      let shift = 0;
      if (b !== 0 || c !== 0) {
        shift = Math.sqrt(b * b + c);
        if (b < 0) shift = -shift;
        shift = c / (b + shift);
      }
      let f = (sk + sp) * (sk - sp) + shift;
      let g = sk * ek;
      for (let j = k; j < p - 1; j++) {
        let t = pythag(f, g);
        let cs = f / t;
        let sn = g / t;
        if (j !== k) e[j - 1] = t;
        f = cs * s[j]! + sn * e[j]!;
        e[j] = cs * e[j]! - sn * s[j]!;
        g = sn * s[j + 1]!;
        s[j + 1] = cs * s[j + 1]!;
        csV[j] = cs;
        snV[j] = sn;
        t = pythag(f, g);
        cs = f / t;
        sn = g / t;
        s[j] = t;
        f = cs * e[j]! + sn * s[j + 1]!;
        s[j + 1] = -sn * e[j]! + cs * s[j + 1]!;
        g = sn * e[j + 1]!;
        e[j + 1] = cs * e[j + 1]!;
        csU[j] = cs;
        snU[j] = sn;
      }
      rotateSweep(vt, n, k, p - 1, csV, snV);
      rotateSweep(ut, n, k, p - 1, csU, snU);
      e[p - 2] = f;
    } else {
      // s_k has converged: make it non-negative.
      if (s[k]! <= 0) {
        s[k] = s[k]! < 0 ? -s[k]! : 0;
        for (let i = k * n; i < (k + 1) * n; i++) vt[i] = 0 - vt[i]!;
      }
      p--;
    }
  }
  return true;
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
  const work = Float64Array.from(a);
  // R: the upper triangle of the first n rows (blocked QR)
  const reflectors = m > n ? householderQrInPlace(work, m, n) : [];
  const [s, e, left, right] = bidiagonaliseBlocked(work.subarray(0, n * n), n);
  if (n >= divideAndConquerMinN) {
    // B = U_B·Σ·V_Bᵀ by divide and conquer; R's singular vectors Uᵦ·U_B and Vᵦ·V_B by the reflectors.
    const dc = bidiagonalDivideConquer(s, e, n, golubKahanSvd);
    if (dc) {
      const [sigma, ub, vb] = dc;
      applyReflectors(ub, n, n, left);
      applyReflectors(vb, n, n, right);
      return finish(sigma, ub, vb, m, n, reflectors, true);
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
