// Triangular solves with many right-hand sides, recursive so that most of the work is a
// matrix–matrix product (`gemmUpdate`): splitting T in halves, X₁ = T₁₁⁻¹B₁, B₂ −= T₂₁X₁,
// X₂ = T₂₂⁻¹B₂ (Elmroth, Gustavson, Jonsson & Kågström 2004). Substitution below BASE rows, with
// the same rounding bounds as plain substitution up to a constant (Higham, ASNA §8.2, §13.1).
import { at, gemmUpdate, type Block } from "./gemm-update.js";

/** Triangles up to this order are solved by substitution. */
const BASE = 16;

/**
 * Solves T·X = B in place (X overwrites B): T n×n lower or upper (the other triangle is not
 * read), `unit`: its diagonal taken as ones; B n×k.
 */
export function trsmLeft(lower: boolean, unit: boolean, n: number, k: number, t: Block, b: Block): void {
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
