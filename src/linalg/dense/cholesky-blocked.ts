// Recursive Cholesky factorisation (Gustavson 1997; LAPACK's dpotrf2): A₁₁ = L₁₁L₁₁ᵀ,
// L₂₁ = A₂₁L₁₁⁻ᵀ, then the Schur complement A₂₂ − L₂₁L₂₁ᵀ is factored in turn. All but O(n²·BASE)
// of the n³/3 multiply-adds are matrix–matrix products; the rounding bound is that of the
// unblocked algorithm, L·Lᵀ = A + E with |E| ≤ γ_{n+1}|L||Lᵀ| (Higham, ASNA Thm 10.3).
import { at, gemmUpdate, inWasmMemory, type Block } from "./gemm-update.js";
import { trsmRightLowerTransposed, trsmScratch } from "./trsm.js";

/** Orders up to this are factored row by row (Cholesky–Banachiewicz). */
const BASE = 24;
/** Symmetric rank-k updates up to this order compute the whole square (the simplest product). */
const SYRK_BASE = 64;

/**
 * Overwrites the lower triangle of the n×n row-major `a` with its Cholesky factor (only the lower
 * triangle is read; the upper one is used as scratch and left undefined). A pivot that is not positive calls `fail` with
 * its index and value: it throws, or returns and the pivot becomes NaN (as does all that depends on it).
 */
export function choleskyInPlace(a: Float64Array, n: number, fail: (i: number, pivot: number) => void): void {
  inWasmMemory(a, (d) => factor({ data: d, off: 0, ld: n }, n, 0, fail), trsmScratch(n), n);
}

function factor(a: Block, n: number, first: number, fail: (i: number, pivot: number) => void): void {
  if (n <= BASE) return banachiewicz(a, n, first, fail);
  const n1 = n >> 1;
  const n2 = n - n1;
  factor(a, n1, first, fail);
  trsmRightLowerTransposed(n1, n2, a, at(a, n1, 0));
  syrkLower(n2, n1, at(a, n1, 0), at(a, n1, n1));
  factor(at(a, n1, n1), n2, first + n1, fail);
}

/** C −= A·Aᵀ on the lower triangle of the p×p C (A p×q); squares up to SYRK_BASE are updated whole. */
function syrkLower(p: number, q: number, a: Block, c: Block): void {
  if (p <= SYRK_BASE) return gemmUpdate(p, p, q, -1, a, false, a, true, c);
  const p1 = p >> 1;
  syrkLower(p1, q, a, c);
  gemmUpdate(p - p1, p1, q, -1, at(a, p1, 0), false, a, true, at(c, p1, 0));
  syrkLower(p - p1, q, at(a, p1, 0), at(c, p1, p1));
}

function banachiewicz(a: Block, n: number, first: number, fail: (i: number, pivot: number) => void): void {
  const d = a.data;
  for (let i = 0; i < n; i++) {
    const ri = a.off + i * a.ld;
    for (let j = 0; j <= i; j++) {
      const rj = a.off + j * a.ld;
      let s = d[ri + j]!;
      for (let k = 0; k < j; k++) s -= d[ri + k]! * d[rj + k]!;
      if (i !== j) d[ri + j] = s / d[rj + j]!;
      else if (s > 0) d[ri + i] = Math.sqrt(s);
      else {
        fail(first + i, s);
        d[ri + i] = NaN;
      }
    }
  }
}
