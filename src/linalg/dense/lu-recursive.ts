// Recursive LU factorisation with partial pivoting (Toledo 1997; LAPACK's dgetrf2): factor the
// left half of the columns, apply its row swaps, U₁₂ = L₁₁⁻¹A₁₂, update A₂₂ −= L₂₁U₁₂, factor
// the right half. The pivots are those of the unblocked algorithm (the largest |a_ik| of the
// updated column), so are the rounding bounds (Higham, ASNA Thm 9.3, §13.1); all but
// O(n²·BASE) of the 2n³/3 flops are matrix–matrix products.
import { at, gemmUpdate, type Block } from "./gemm-update.js";
import { trsmLeft } from "./trsm.js";

/** Panels up to this many columns are eliminated column by column. */
const BASE = 16;

/**
 * Gaussian elimination with partial pivoting of the n×n row-major `a` in place: afterwards it
 * holds L (strictly below the diagonal, unit diagonal implied) and U, with (L·U)[i] = A[perm[i]];
 * returns perm and det P. A zero pivot (singular A) is kept: its column is left as it is.
 * NOTE: each row swap is applied to the whole row at once (also to the columns left of the
 * panel), which is equivalent to LAPACK's deferred dlaswp and keeps the bookkeeping to one array.
 */
export function luInPlace(a: Float64Array, n: number): [number[], number] {
  const state = { perm: Array.from({ length: n }, (_, i) => i), sign: 1 };
  panel({ data: a, off: 0, ld: n }, n, 0, n, n, state);
  return [state.perm, state.sign];
}

interface Pivots {
  perm: number[];
  sign: number;
}

/** Factors the m×w panel whose top-left entry is the diagonal entry (r0, r0) of the whole n×n `a`. */
function panel(a: Block, n: number, r0: number, m: number, w: number, state: Pivots): void {
  if (w <= BASE) return eliminatePanel(a, n, r0, m, w, state);
  const w1 = w >> 1;
  const w2 = w - w1;
  const top = at(a, r0, r0);
  panel(a, n, r0, m, w1, state);
  trsmLeft(true, true, w1, w2, top, at(top, 0, w1));
  gemmUpdate(m - w1, w2, w1, -1, at(top, w1, 0), false, at(top, 0, w1), false, at(top, w1, w1));
  panel(a, n, r0 + w1, m - w1, w2, state);
}

function eliminatePanel(a: Block, n: number, r0: number, m: number, w: number, state: Pivots): void {
  const d = a.data;
  const ld = a.ld;
  for (let j = 0; j < w; j++) {
    const k = r0 + j; // the pivot row and column in the whole matrix
    let piv = k;
    let big = Math.abs(d[k * ld + k]!);
    for (let i = k + 1; i < r0 + m; i++) {
      const v = Math.abs(d[i * ld + k]!);
      if (v > big) [piv, big] = [i, v];
    }
    if (piv !== k) {
      const rk = k * ld;
      const rp = piv * ld;
      for (let c = 0; c < n; c++) {
        const t = d[rk + c]!;
        d[rk + c] = d[rp + c]!;
        d[rp + c] = t;
      }
      const p = state.perm;
      [p[k], p[piv]] = [p[piv]!, p[k]!];
      state.sign = -state.sign;
    }
    const pivot = d[k * ld + k]!;
    if (pivot === 0) continue; // the column is zero below the diagonal: nothing to eliminate
    const end = r0 + w; // update only the panel's columns; the caller updates the rest
    for (let i = k + 1; i < r0 + m; i++) {
      const f = (d[i * ld + k]! /= pivot);
      if (f === 0) continue;
      for (let c = k + 1, ri = i * ld, rk = k * ld; c < end; c++) d[ri + c]! -= f * d[rk + c]!;
    }
  }
}
