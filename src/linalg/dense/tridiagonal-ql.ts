// The implicit QL iteration on a symmetric tridiagonal matrix with the Wilkinson-type shift of
// EISPACK tql2 (Bowdler, Martin, Reinsch & Wilkinson 1968; as in JAMA), accumulating its rotations
// into the columns of a matrix: eigh's kernel for small tridiagonals (and the leaves of the divide
// and conquer solver).
import { pythag } from "../primitives/householder-vector.js";

const EPS = 2 ** -52;

/**
 * Implicit QL on the symmetric tridiagonal (d, e), e_i = T_i,i+1, in place: d becomes the
 * eigenvalues (unsorted) and the rotations are applied to the columns of the row-major n×n v.
 * False if it did not converge.
 */
export function tridiagonalQl(d: Float64Array, e: Float64Array, v: Float64Array, n: number): boolean {
  e[n - 1] = 0;
  const cs = new Float64Array(n);
  const sn = new Float64Array(n);
  let shiftSum = 0;
  let tst1 = 0;
  let steps = 0;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]!) + Math.abs(e[l]!));
    let m = l;
    while (m < n - 1 && !(Math.abs(e[m]!) <= EPS * tst1)) m++;
    if (m > l) {
      do {
        if (++steps > 40 * n) return false;
        // Shift: the eigenvalue of the leading 2×2 block [d_l e_l; e_l d_l+1] nearer to d_l.
        let g = d[l]!;
        let p = (d[l + 1]! - g) / (2 * e[l]!);
        let r = pythag(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l]! / (p + r);
        d[l + 1] = e[l]! * (p + r);
        const dl1 = d[l + 1]!;
        let h = g - d[l]!;
        for (let i = l + 2; i < n; i++) d[i]! -= h;
        shiftSum += h;
        // Implicit QL sweep from m up to l (chasing the bulge); rotation i acts on columns i, i+1.
        p = d[m]!;
        let c = 1;
        let c2 = 1;
        let c3 = 1;
        const el1 = e[l + 1]!;
        let s = 0;
        let s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i]!;
          h = c * p;
          r = pythag(p, e[i]!);
          e[i + 1] = s * r;
          s = e[i]! / r;
          c = p / r;
          p = c * d[i]! - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]!);
          cs[i] = c;
          sn[i] = s;
        }
        rotateColumns(v, n, l, m, cs, sn);
        p = (-s * s2 * c3 * el1 * e[l]!) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]!) > EPS * tst1);
    }
    d[l]! += shiftSum;
    e[l] = 0;
  }
  return true;
}

/**
 * Applies the rotations i = m−1 … l (in that order) to columns (i, i+1) of the row-major n×n v:
 * [v_i, v_i+1] ← [c_i·v_i − s_i·v_i+1, s_i·v_i + c_i·v_i+1]. One pass per row, carrying column i+1.
 */
function rotateColumns(v: Float64Array, n: number, l: number, m: number, cs: Float64Array, sn: Float64Array): void {
  let row = 0;
  // Two rows at a time: the carried value makes each row a dependency chain, two chains overlap.
  for (; row + n < n * n; row += 2 * n) {
    const row2 = row + n;
    let x = v[row + m]!;
    let x2 = v[row2 + m]!;
    for (let i = m - 1; i >= l; i--) {
      const y = v[row + i]!;
      const y2 = v[row2 + i]!;
      const c = cs[i]!;
      const s = sn[i]!;
      v[row + i + 1] = s * y + c * x;
      v[row2 + i + 1] = s * y2 + c * x2;
      x = c * y - s * x;
      x2 = c * y2 - s * x2;
    }
    v[row + l] = x;
    v[row2 + l] = x2;
  }
  if (row < n * n) {
    let x = v[row + m]!;
    for (let i = m - 1; i >= l; i--) {
      const y = v[row + i]!;
      const c = cs[i]!;
      const s = sn[i]!;
      v[row + i + 1] = s * y + c * x;
      x = c * y - s * x;
    }
    v[row + l] = x;
  }
}
