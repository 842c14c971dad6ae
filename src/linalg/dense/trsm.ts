// Triangular solves with many right-hand sides, recursive so that most of the work is a
// matrix–matrix product (`gemmUpdate`): splitting T in halves, X₁ = T₁₁⁻¹B₁, B₂ −= T₂₁X₁,
// X₂ = T₂₂⁻¹B₂ (Elmroth, Gustavson, Jonsson & Kågström 2004). Substitution below BASE rows, with
// the same rounding bounds as plain substitution up to a constant (Higham, ASNA §8.2, §13.1).
// In wasm memory with scratch (`inWasmMemory(…, trsmScratch(k))`), lower triangles up to INV_BASE
// are inverted and applied as one product, X = T⁻¹B, so the leaves run in the wasm gemm too; the
// error then carries a factor κ(T_ii) of the diagonal block (Du Croz & Higham 1992; Demmel,
// Higham & Schreiber 1995): for Cholesky κ(L_ii)² ≤ κ(A), for LU with partial pivoting |l_ij| ≤ 1.
import { at, gemmUpdate, residentScratch, type Block } from "./gemm-update.js";

/** Triangles up to this order are solved by substitution. */
const BASE = 16;
/**
 * Lower triangles up to this order are inverted and multiplied (in wasm memory with scratch).
 * NOTE: 64: the leaves' products are then large enough for the wasm gemm's packing to pay off.
 */
const INV_BASE = 64;
/** Fewer right-hand sides than this are solved by substitution (the inverse costs n³/6 in JS). */
const INV_MIN_RHS = 16;
/** Rows at least this long are copied to scratch by copyWithin (below it, by a loop). */
const COPY_WITHIN_MIN = 128;

/**
 * Scratch elements (after the matrix, see `inWasmMemory`) that the solves inside a factorisation of
 * order n need: a third for the right-hand sides of a leaf (up to n) and its inverse, two thirds
 * for the inverses of the diagonal blocks, kept for the factorisation's later solves.
 */
export function trsmScratch(n: number): number {
  return 3 * INV_BASE * (n + INV_BASE);
}

/**
 * Inverses of diagonal blocks already computed in the current scratch (`data`): the recursions
 * of Cholesky and LU solve with the same final diagonal blocks of L at every level, so each is
 * inverted once. Keyed by the block's offset and order; `next` is where the next one goes.
 */
let inverses: { data: Float64Array; unit: boolean; next: number; end: number; at: Map<number, number> } | null = null;

/**
 * Where the leaf of order n with k right-hand sides on `t` can run as a product: the offset of
 * the work scratch (n·k for the right-hand sides, then n² for an inverse) in `t.data`, or -1 (not
 * in wasm memory, too little scratch, or too few right-hand sides).
 */
function inverseScratch(t: Block, n: number, k: number): number {
  if (n > INV_BASE || k < INV_MIN_RHS) return -1;
  const s = residentScratch(t.data);
  if (s < 0) return -1;
  const size = t.data.length - s;
  const work = s + Math.floor((2 * size) / 3);
  return t.data.length - work >= n * (n + k) ? work : -1;
}

/** The offset of M = T⁻¹ for the leaf `t` of order n: cached, or written (cached where there is room, else at `spare`). */
function leafInverse(unit: boolean, n: number, t: Block, spare: number): number {
  const d = t.data;
  if (!inverses || inverses.data !== d || inverses.unit !== unit) {
    const s = residentScratch(d);
    inverses = { data: d, unit, next: s, end: s + Math.floor((2 * (d.length - s)) / 3), at: new Map() };
  }
  const key = t.off * (INV_BASE + 1) + n;
  const hit = inverses.at.get(key);
  if (hit !== undefined) return hit;
  let m = spare;
  if (inverses.next + n * n <= inverses.end) {
    m = inverses.next;
    inverses.next += n * n;
    inverses.at.set(key, m);
  }
  invertLower(unit, n, t, m);
  return m;
}

/**
 * Writes M = T⁻¹ (n×n, row-major, zeros above the diagonal) at data[s…]: T lower, `unit`: its
 * diagonal taken as ones. Row by row, M_i = (e_i − Σ_{p<i} t_ip·M_p) / t_ii (from T·M = I).
 */
function invertLower(unit: boolean, n: number, t: Block, s: number): void {
  const d = t.data;
  d.fill(0, s, s + n * n);
  for (let i = 0; i < n; i++) {
    const mi = s + i * n;
    const ti = t.off + i * t.ld;
    d[mi + i] = 1;
    for (let p = 0; p < i; p++) {
      const tip = d[ti + p]!;
      if (tip === 0) continue;
      const mp = s + p * n;
      for (let j = 0; j <= p; j++) d[mi + j]! -= tip * d[mp + j]!;
    }
    if (unit) continue;
    const r = 1 / d[ti + i]!;
    for (let j = 0; j <= i; j++) d[mi + j]! *= r;
  }
}

/** Copies the rows×cols block `b` to data[s…] (row-major, contiguous). */
function copyToScratch(rows: number, cols: number, b: Block, s: number): Block {
  const d = b.data;
  // NOTE: copyWithin per row only for long rows (the right-hand sides of LU's and Cholesky's wide
  // solves); on short ones (≤ INV_BASE) the call costs more than the copy.
  if (cols >= COPY_WITHIN_MIN) for (let i = 0; i < rows; i++) d.copyWithin(s + i * cols, b.off + i * b.ld, b.off + i * b.ld + cols);
  else for (let i = 0, q = s; i < rows; i++) for (let j = 0, row = b.off + i * b.ld; j < cols; j++) d[q++] = d[row + j]!;
  return { data: d, off: s, ld: cols };
}

/**
 * Solves T·X = B in place (X overwrites B): T n×n lower or upper (the other triangle is not
 * read), `unit`: its diagonal taken as ones; B n×k.
 */
export function trsmLeft(lower: boolean, unit: boolean, n: number, k: number, t: Block, b: Block): void {
  const s = lower ? inverseScratch(t, n, k) : -1;
  if (s >= 0) {
    const m = leafInverse(unit, n, t, s + n * k);
    gemmUpdate(n, k, n, 0, { data: t.data, off: m, ld: n }, false, copyToScratch(n, k, b, s), false, b);
    return;
  }
  if (n <= BASE) return substituteLeft(lower, unit, n, k, t, b);
  const n1 = n >> 1;
  const n2 = n - n1;
  if (lower) {
    trsmLeft(true, unit, n1, k, t, b);
    gemmUpdate(n2, k, n1, -1, at(t, n1, 0), false, b, false, at(b, n1, 0));
    trsmLeft(true, unit, n2, k, at(t, n1, n1), at(b, n1, 0));
  } else {
    trsmLeft(false, unit, n2, k, at(t, n1, n1), at(b, n1, 0));
    gemmUpdate(n1, k, n2, -1, at(t, 0, n1), false, at(b, n1, 0), false, b);
    trsmLeft(false, unit, n1, k, t, b);
  }
}

function substituteLeft(lower: boolean, unit: boolean, n: number, k: number, t: Block, b: Block): void {
  const td = t.data;
  const bd = b.data;
  for (let s = 0; s < n; s++) {
    const i = lower ? s : n - 1 - s;
    const row = b.off + i * b.ld;
    const ti = t.off + i * t.ld;
    for (let j = lower ? 0 : i + 1, end = lower ? i : n; j < end; j++) {
      const tij = td[ti + j]!;
      if (tij === 0) continue;
      const rj = b.off + j * b.ld;
      for (let c = 0; c < k; c++) bd[row + c]! -= tij * bd[rj + c]!;
    }
    if (unit) continue;
    const d = td[ti + i]!;
    for (let c = 0; c < k; c++) bd[row + c]! /= d;
  }
}

/**
 * Solves X·Lᵀ = B in place (X overwrites B): L n×n lower (the upper triangle is not read), B r×n.
 * Row i of X solves L·xᵀ = bᵀ: dot products along rows of both arrays.
 */
export function trsmRightLowerTransposed(n: number, r: number, l: Block, b: Block): void {
  const s = inverseScratch(l, n, r);
  if (s >= 0) {
    // X = B·L⁻ᵀ = B·Mᵀ
    const m = leafInverse(false, n, l, s + r * n);
    gemmUpdate(r, n, n, 0, copyToScratch(r, n, b, s), false, { data: l.data, off: m, ld: n }, true, b);
    return;
  }
  if (n <= BASE) {
    const ld = l.data;
    const bd = b.data;
    for (let i = 0; i < r; i++) {
      const row = b.off + i * b.ld;
      for (let j = 0; j < n; j++) {
        const lj = l.off + j * l.ld;
        let s = bd[row + j]!;
        for (let p = 0; p < j; p++) s -= bd[row + p]! * ld[lj + p]!;
        bd[row + j] = s / ld[lj + j]!;
      }
    }
    return;
  }
  const n1 = n >> 1;
  const n2 = n - n1;
  // [X₁ X₂]·[L₁₁ 0; L₂₁ L₂₂]ᵀ = [X₁L₁₁ᵀ, X₁L₂₁ᵀ + X₂L₂₂ᵀ]
  trsmRightLowerTransposed(n1, r, l, b);
  gemmUpdate(r, n2, n1, -1, b, false, at(l, n1, 0), true, at(b, 0, n1));
  trsmRightLowerTransposed(n2, r, at(l, n1, n1), at(b, 0, n1));
}
