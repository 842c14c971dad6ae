// Recursive LU factorisation with partial pivoting (Toledo 1997; LAPACK's dgetrf2): factor the
// left half of the columns, apply its row swaps, U₁₂ = L₁₁⁻¹A₁₂, update A₂₂ −= L₂₁U₁₂, factor
// the right half. The pivots are those of the unblocked algorithm (the largest |a_ik| of the
// updated column), so are the rounding bounds (Higham, ASNA Thm 9.3, §13.1); all but
// O(n²·BASE) of the 2n³/3 flops are matrix–matrix products.
import { at, gemmUpdate, inWasmMemory, onFloat64Copy, residentKernels, residentTemp, type Block } from "./gemm-update.js";
import type { KernelExports } from "../../backend/wasm/module.js";
import { trsmLeft, trsmScratch } from "./trsm.js";

/** Panels up to this many columns are eliminated column by column. */
const BASE = 16;
/** The smallest normal float64 (LAPACK's sfmin): 1/x is finite for |x| at or above it. */
const SFMIN = 2 ** -1022;
/** Bytes for the pivots of one panel at the start of the wasm kernel's temporary scratch (BASE i32s, 16-byte aligned). */
const PIVOT_BYTES = ((BASE * 4 + 15) >> 4) << 4;

/**
 * Gaussian elimination with partial pivoting of the n×n row-major `a` in place: afterwards it
 * holds L (strictly below the diagonal, unit diagonal implied) and U, with (L·U)[i] = A[perm[i]];
 * returns perm and det P, and fills `ipiv` (if given, length n) with LAPACK's pivots: row i was swapped
 * with row ipiv[i] − 1 at step i (1-based). A zero pivot (singular A) is kept: its column is left as it is.
 * NOTE: each row swap is applied to the whole row at once (also to the columns left of the
 * panel), which is equivalent to LAPACK's deferred dlaswp and keeps the bookkeeping to one array.
 */
export function luInPlace(a: Float64Array, n: number, ipiv: Float64Array | Int32Array | null = null): [number[], number] {
  const state = { perm: Array.from({ length: n }, (_, i) => i), sign: 1, ipiv };
  inWasmMemory(a, (d) => panel({ data: d, off: 0, ld: n }, n, 0, n, n, state), trsmScratch(n));
  return [state.perm, state.sign];
}

/**
 * `luInPlace` on a float64 copy of the row-major `src`, which is left as it is: n×n, or m×n with
 * m > n (tall: getrf's n steps, perm of length m): `read` gets the compact factors (in wasm memory
 * where the factorisation ran there, so it must not call the backend) and copies out what it needs,
 * which saves copying them back first.
 */
export function luOf(
  src: Float64Array | Float32Array, n: number, ipiv: Float64Array | Int32Array | null, read: (lu: Float64Array) => void, m = n,
): [number[], number] {
  const state = { perm: Array.from({ length: m }, (_, i) => i), sign: 1, ipiv };
  onFloat64Copy(src, (d) => {
    panel({ data: d, off: 0, ld: n }, n, 0, m, n, state);
    read(d);
  }, trsmScratch(n));
  return [state.perm, state.sign];
}

interface Pivots {
  perm: number[];
  sign: number;
  ipiv: Float64Array | Int32Array | null;
}

/** Factors the m×w panel whose top-left entry is the diagonal entry (r0, r0) of the whole `a` (rows of n entries, r0 + m of them). */
function panel(a: Block, n: number, r0: number, m: number, w: number, state: Pivots): void {
  if (w <= BASE) {
    // NOTE: in wasm memory the wasm kernel, on a copy in the temporary scratch where it fits (m < 19,000 or so), else the JS loops.
    const k = residentKernels(a.data);
    if (k && PIVOT_BYTES + m * w * 8 <= k.gemmScratchBytes(8)) return residentPanel(k, a, n, r0, m, w, state);
    return eliminatePanel(a, n, r0, m, w, state);
  }
  const w1 = w >> 1;
  const w2 = w - w1;
  const top = at(a, r0, r0);
  panel(a, n, r0, m, w1, state);
  trsmLeft(true, true, w1, w2, top, at(top, 0, w1));
  gemmUpdate(m - w1, w2, w1, -1, at(top, w1, 0), false, at(top, 0, w1), false, at(top, w1, w1));
  panel(a, n, r0 + w1, m - w1, w2, state);
}

/** `eliminatePanel` by the wasm kernel in wasm memory (where `a` is: see `inWasmMemory`), with its copy in the temporary scratch; the same bits. */
function residentPanel(k: KernelExports, a: Block, n: number, r0: number, m: number, w: number, state: Pivots): void {
  const temp = residentTemp(a.data);
  // the pivots at temp, the panel's column-major copy after them
  k.luPanelF64(a.data.byteOffset + a.off * 8, a.ld, n, r0, m, w, temp, temp + PIVOT_BYTES);
  const rows = new Int32Array(a.data.buffer, temp, w);
  for (let j = 0; j < w; j++) swapped(state, r0 + j, rows[j]!);
}

/** Records that row i was swapped with row p ≥ i (p = i: not swapped). */
function swapped(state: Pivots, i: number, p: number): void {
  if (p !== i) {
    const q = state.perm;
    const t = q[i]!;
    q[i] = q[p]!;
    q[p] = t;
    state.sign = -state.sign;
  }
  if (state.ipiv) state.ipiv[i] = p + 1;
}

/**
 * Unblocked elimination of the m×w panel at diagonal entry (r0, r0), on a column-major copy of it
 * (each column contiguous: the pivot search and the updates stream through cache instead of
 * striding across rows of the whole matrix); the same operations in the same order as on `a`, so
 * the same bits. Rows outside the panel are swapped in `a` as pivots are chosen.
 */
function eliminatePanel(a: Block, n: number, r0: number, m: number, w: number, state: Pivots): void {
  const d = a.data;
  const ld = a.ld;
  const p = panelScratch(m * w);
  for (let i = 0; i < m; i++) for (let c = 0, row = (r0 + i) * ld + r0; c < w; c++) p[c * m + i] = d[row + c]!;
  for (let j = 0; j < w; j++) {
    const cj = j * m;
    let piv = j;
    let big = Math.abs(p[cj + j]!);
    for (let i = j + 1; i < m; i++) {
      const v = Math.abs(p[cj + i]!);
      if (v > big) {
        piv = i;
        big = v;
      }
    }
    if (piv !== j) {
      for (let c = 0; c < w; c++) {
        const t = p[c * m + j]!;
        p[c * m + j] = p[c * m + piv]!;
        p[c * m + piv] = t;
      }
      // the rows outside the panel (its own columns are in p)
      const rk = (r0 + j) * ld;
      const rp = (r0 + piv) * ld;
      swapSegments(d, rk, rp, r0);
      swapSegments(d, rk + r0 + w, rp + r0 + w, n - r0 - w);
    }
    swapped(state, r0 + j, r0 + piv);
    const pivot = p[cj + j]!;
    if (pivot === 0) continue; // the column is zero below the diagonal: nothing to eliminate
    // NOTE: LAPACK's dgetf2: times 1/pivot where that is finite (|pivot| ≥ 2⁻¹⁰²², the smallest normal), else divided.
    if (Math.abs(pivot) >= SFMIN) {
      const r = 1 / pivot;
      for (let i = j + 1; i < m; i++) p[cj + i]! *= r;
    } else for (let i = j + 1; i < m; i++) p[cj + i]! /= pivot;
    // Only the panel's columns are updated here; the caller updates the rest.
    for (let c = j + 1; c < w; c++) {
      const cc = c * m;
      const u = p[cc + j]!;
      for (let i = j + 1; i < m; i++) {
        const f = p[cj + i]!;
        if (f !== 0) p[cc + i]! -= f * u;
      }
    }
  }
  for (let i = 0; i < m; i++) for (let c = 0, row = (r0 + i) * ld + r0; c < w; c++) d[row + c] = p[c * m + i]!;
}

let scratch = new Float64Array(0);
let rowScratch = new Float64Array(0);

/** Swaps d[x … x + len) and d[y … y + len) (disjoint): by block copies, which beat an element loop on long rows. */
function swapSegments(d: Float64Array, x: number, y: number, len: number): void {
  if (len < 64) {
    for (let c = 0; c < len; c++) {
      const t = d[x + c]!;
      d[x + c] = d[y + c]!;
      d[y + c] = t;
    }
    return;
  }
  if (rowScratch.length < len) rowScratch = new Float64Array(len);
  const t = rowScratch.subarray(0, len);
  t.set(d.subarray(x, x + len));
  d.copyWithin(x, y, y + len);
  d.set(t, y);
}

/** A reusable scratch array of at least `size` elements. */
function panelScratch(size: number): Float64Array {
  if (scratch.length < size) scratch = new Float64Array(size);
  return scratch;
}
