// Products of Householder reflectors applied to a matrix in blocks (the compact WY form of
// Schreiber & Van Loan 1989, LAPACK's dlarft + dlarfb): H_j⋯H_{j+b−1} = I − W·T·Wᵀ with W the
// reflector vectors as columns and T upper triangular, so applying b reflectors to an m×c matrix is
// three products, Z −= W·(T·(Wᵀ·Z)), in the backend's gemm instead of b rank-one updates.
import { gemmUpdate } from "./gemm-update.js";

/** One reflector H = I − β·v·vᵀ acting on rows `start` … start + v.length − 1. */
export interface Reflector {
  /** The Householder vector (v₀ is its entry in row `start`). */
  readonly v: Float64Array;
  /** 2/vᵀv, or 0 for H = I. */
  readonly beta: number;
  /** The first row it acts on. */
  readonly start: number;
}

/** Reflectors per block. */
const BLOCK = 32;

/**
 * Z ← H_0·H_1⋯H_{r−1}·Z for the reflectors in order (their `start` rows increasing), or
 * Z ← H_{r−1}⋯H_0·Z = (H_0⋯H_{r−1})ᵀ·Z with `transpose`; Z is rows×cols, row-major, in place
 * (element (i, j) at z[off + i·ld + j]: a block of a wider matrix).
 */
export function applyReflectors(z: Float64Array, rows: number, cols: number, reflectors: readonly Reflector[], transpose = false, ld = cols, off = 0): void {
  const r = reflectors.length;
  const blocks: [number, number][] = [];
  for (let j0 = 0; j0 < r; j0 += BLOCK) blocks.push([j0, Math.min(r, j0 + BLOCK)]);
  if (!transpose) blocks.reverse();
  for (const [j0, j1] of blocks) applyBlock(z, rows, cols, reflectors.slice(j0, j1), transpose, ld, off);
}

function applyBlock(z: Float64Array, rows: number, cols: number, hs: readonly Reflector[], transpose: boolean, ld: number, off: number): void {
  const b = hs.length;
  const top = hs[0]!.start;
  const m = rows - top; // the rows the block touches
  // W (m×b): column j is v_j placed at its rows.
  const w = new Float64Array(m * b);
  hs.forEach((h, j) => {
    for (let i = 0; i < h.v.length; i++) w[(h.start - top + i) * b + j] = h.v[i]!;
  });
  // T (b×b, upper): T_jj = β_j, T[0:j, j] = −β_j·T[0:j, 0:j]·(W[:, 0:j]ᵀ·w_j)   (dlarft, forward)
  const t = new Float64Array(b * b);
  const y = new Float64Array(b);
  for (let j = 0; j < b; j++) {
    const beta = hs[j]!.beta;
    t[j * b + j] = beta;
    if (j === 0 || beta === 0) continue;
    y.fill(0, 0, j);
    for (let i = hs[j]!.start - top; i < m; i++) {
      const wij = w[i * b + j]!;
      if (wij === 0) continue;
      for (let p = 0; p < j; p++) y[p]! += w[i * b + p]! * wij;
    }
    for (let p = 0; p < j; p++) {
      let s = 0;
      for (let q = p; q < j; q++) s += t[p * b + q]! * y[q]!;
      t[p * b + j] = -beta * s;
    }
  }
  // Z −= W·op(T)·(Wᵀ·Z), op(T) = Tᵀ for the transposed product.
  const zb = { data: z, off: off + top * ld, ld };
  const wz = new Float64Array(b * cols);
  gemmUpdate(b, cols, m, 1, { data: w, off: 0, ld: b }, true, zb, false, { data: wz, off: 0, ld: cols });
  const twz = new Float64Array(b * cols);
  gemmUpdate(b, cols, b, 1, { data: t, off: 0, ld: b }, transpose, { data: wz, off: 0, ld: cols }, false, { data: twz, off: 0, ld: cols });
  gemmUpdate(m, cols, b, -1, { data: w, off: 0, ld: b }, false, { data: twz, off: 0, ld: cols }, false, zb);
}
