// Products of Householder reflectors applied to a matrix in blocks (the compact WY form of
// Schreiber & Van Loan 1989, LAPACK's dlarft + dlarfb): H_j⋯H_{j+b−1} = I − W·T·Wᵀ with W the
// reflector vectors as columns and T upper triangular, so applying b reflectors to an m×c matrix is
// three products, Z −= W·(T·(Wᵀ·Z)), in the backend's gemm instead of b rank-one updates.
import { releaseScratch, takeScratch } from "./bidiagonal-scratch.js";
import { gemmUpdate, inWasmMemory } from "./gemm-update.js";

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

/** Elements of scratch `applyReflectorsAt` needs, in the same array as Z, for Z with `rows` rows and `cols` columns. */
export function reflectorScratch(rows: number, cols: number): number {
  return rows * BLOCK + 2 * BLOCK * BLOCK + 2 * BLOCK * cols;
}

/**
 * Z ← H_0·H_1⋯H_{r−1}·Z for the reflectors in order (their `start` rows increasing), or
 * Z ← H_{r−1}⋯H_0·Z = (H_0⋯H_{r−1})ᵀ·Z with `transpose`; Z is rows×cols, row-major, in place
 * (element (i, j) at z[off + i·ld + j]: a block of a wider matrix).
 * NOTE: Z is copied into one array with the scratch and the work runs there in wasm memory
 * (`inWasmMemory`), so all three products of each block run the wasm gemm in place; it must not
 * be called from inside another `inWasmMemory` body (use `applyReflectorsAt` there).
 */
export function applyReflectors(z: Float64Array, rows: number, cols: number, reflectors: readonly Reflector[], transpose = false, ld = cols, off = 0): void {
  if (reflectors.length === 0 || rows === 0 || cols === 0) return;
  const size = rows * cols;
  const buf = takeScratch(size + reflectorScratch(rows, cols)); // Z copied in, the scratch cleared by each block
  if (ld === cols) buf.set(z.subarray(off, off + size));
  else for (let i = 0; i < rows; i++) buf.set(z.subarray(off + i * ld, off + i * ld + cols), i * cols);
  inWasmMemory(buf, (d) => applyReflectorsAt(d, rows, cols, reflectors, transpose, cols, 0, size));
  if (ld === cols) z.set(buf.subarray(0, size), off);
  else for (let i = 0; i < rows; i++) z.set(buf.subarray(i * cols, (i + 1) * cols), off + i * ld);
  releaseScratch(buf);
}

/**
 * `applyReflectors` on Z = z[off + i·ld + j] with its scratch in the same array, at
 * z[work … work + reflectorScratch(rows, cols)) (not overlapping Z): inside `inWasmMemory` on z the
 * products run the wasm gemm in place.
 */
export function applyReflectorsAt(z: Float64Array, rows: number, cols: number, reflectors: readonly Reflector[], transpose: boolean, ld: number, off: number, work: number): void {
  const r = reflectors.length;
  const blocks: [number, number][] = [];
  for (let j0 = 0; j0 < r; j0 += BLOCK) blocks.push([j0, Math.min(r, j0 + BLOCK)]);
  if (!transpose) blocks.reverse();
  for (const [j0, j1] of blocks) applyBlock(z, rows, cols, reflectors.slice(j0, j1), transpose, ld, off, work);
}

function applyBlock(z: Float64Array, rows: number, cols: number, hs: readonly Reflector[], transpose: boolean, ld: number, off: number, work: number): void {
  const b = hs.length;
  const top = hs[0]!.start;
  const m = rows - top; // the rows the block touches
  // Scratch: W (m×b) | T (b×b) | G (b×b) | WᵀZ (b×cols) | op(T)·WᵀZ (b×cols), all with ld = their width.
  const w = work;
  const t = w + rows * BLOCK;
  const g = t + BLOCK * BLOCK;
  const wz = g + BLOCK * BLOCK;
  const twz = wz + BLOCK * cols;
  // NOTE: only W (zero above each reflector's first row) and T (zero below its diagonal) are cleared:
  // the three products into the scratch overwrite theirs (α = 0, the resident gemm's C = A·B).
  z.fill(0, w, w + m * b);
  z.fill(0, t, t + b * b);
  // W: column j is v_j placed at its rows.
  hs.forEach((h, j) => {
    for (let i = 0, row = w + (h.start - top) * b + j; i < h.v.length; i++, row += b) z[row] = h.v[i]!;
  });
  const wb = { data: z, off: w, ld: b };
  // G = WᵀW in one product, then T (b×b, upper): T_jj = β_j, T[0:j, j] = −β_j·T[0:j, 0:j]·G[0:j, j]
  // (dlarft, forward: H_0⋯H_j = (I − W_j·T_j·W_jᵀ)(I − β_j·w_j·w_jᵀ), so the new column is
  // −β_j·T_j·W_jᵀ·w_j).
  gemmUpdate(b, b, m, 0, wb, true, wb, false, { data: z, off: g, ld: b });
  for (let j = 0; j < b; j++) {
    const beta = hs[j]!.beta;
    z[t + j * b + j] = beta;
    if (beta === 0) continue;
    for (let p = 0; p < j; p++) {
      let s = 0;
      for (let q = p; q < j; q++) s += z[t + p * b + q]! * z[g + q * b + j]!;
      z[t + p * b + j] = -beta * s;
    }
  }
  // Z −= W·op(T)·(Wᵀ·Z), op(T) = Tᵀ for the transposed product.
  const zb = { data: z, off: off + top * ld, ld };
  gemmUpdate(b, cols, m, 0, wb, true, zb, false, { data: z, off: wz, ld: cols });
  gemmUpdate(b, cols, b, 0, { data: z, off: t, ld: b }, transpose, { data: z, off: wz, ld: cols }, false, { data: z, off: twz, ld: cols });
  gemmUpdate(m, cols, b, -1, wb, false, { data: z, off: twz, ld: cols }, false, zb);
}
