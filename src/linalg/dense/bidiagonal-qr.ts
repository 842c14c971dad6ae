// Golub–Kahan implicit-shift QR iteration on an upper bidiagonal matrix (Golub & Kahan 1965; the
// LINPACK dsvdc variant as in JAMA), accumulating its rotations into the rows of Uᵀ and Vᵀ: the
// bidiagonal SVD of the small dense path (svd-golub-kahan.ts) and of the divide-and-conquer leaves.
import { pythag } from "../primitives/householder-vector.js";

const EPS = 2 ** -52;
const TINY = 2 ** -966;

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

/**
 * Golub–Kahan QR on the upper bidiagonal (s, e), e_k = B_k,k+1, in place: s becomes the singular
 * values (≥ 0, unsorted); rotations act on the rows of ut and vt (n×n). False if it did not converge.
 */
export function bidiagonalQr(s: Float64Array, e: Float64Array, ut: Float64Array, vt: Float64Array, n: number): boolean {
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
