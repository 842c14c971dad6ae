// LU with partial pivoting of non-square matrices (torch.linalg.lu and lu_factor of an m×n A),
// composed from the square lu primitive and triangular solves, so that its derivatives (both modes,
// every order) come from their rules. The pivots are piecewise constant and carry no derivative.
import { concat } from "../ops/concat-split.js";
import { slice } from "../ops/indexing.js";
import { tensor } from "../tensor/creation.js";
import type { Tensor } from "../tensor/tensor.js";
import { matmul, matrixTranspose } from "./matrix-algebra.js";
import { luFactors } from "./primitives/lu.js";
import { solveTriangular, solveTriangularRight, type TriangularSolveParams } from "./primitives/triangular-solve.js";

const unitLower: TriangularSolveParams = { lower: true, transposeA: false, unitDiagonal: true, singular: null };
const upper: TriangularSolveParams = { lower: false, transposeA: false, unitDiagonal: false, singular: null };

/** A = P·L·U of an m×n matrix (batch), k = min(m, n): P (m×m), L (m×k), U (k×n), and the k swaps. */
export interface RectangularLu {
  P: Tensor;
  L: Tensor;
  U: Tensor;
  /** LAPACK's ipiv, int32 [..., k], 1-based: row i swapped with row pivots[i] − 1. */
  pivots: Tensor;
}

/** The last two axes of `x`, rows [r0, r1) and columns [c0, c1). */
function block(x: Tensor, r0: number, r1: number, c0: number, c1: number): Tensor {
  const batch = x.shape.slice(0, -2);
  return slice(x, [...batch.map(() => 0), r0, c0], [...batch, r1 - r0, c1 - c0]);
}

/** Row swaps of partial pivoting (getf2: the first largest |entry| of each column) on an m×n copy. */
function tallSwaps(data: ArrayLike<number>, offset: number, m: number, n: number, out: Int32Array, at: number): void {
  const a = Float64Array.from({ length: m * n }, (_, i) => data[offset + i]!);
  for (let j = 0; j < n; j++) {
    let p = j;
    for (let i = j + 1; i < m; i++) if (Math.abs(a[i * n + j]!) > Math.abs(a[p * n + j]!)) p = i;
    out[at + j] = p;
    if (p !== j) for (let c = 0; c < n; c++) [a[j * n + c], a[p * n + c]] = [a[p * n + c]!, a[j * n + c]!];
    const d = a[j * n + j]!;
    if (d === 0) continue;
    for (let i = j + 1; i < m; i++) {
      const l = a[i * n + j]! / d;
      for (let c = j + 1; c < n; c++) a[i * n + c]! -= l * a[j * n + c]!;
    }
  }
}

/** Permutation matrices (P[perm[i], i] = 1) of `k` swaps per matrix, in the given dtype. */
function permutationOf(swaps: Int32Array, k: number, m: number, batch: readonly number[], dtype: Tensor["dtype"]): Tensor {
  const count = batch.reduce((a, b) => a * b, 1);
  const out = new Float64Array(count * m * m);
  for (let b = 0; b < count; b++) {
    const perm = Array.from({ length: m }, (_, i) => i);
    for (let i = 0; i < k; i++) {
      const j = swaps[b * k + i]!;
      [perm[i], perm[j]] = [perm[j]!, perm[i]!];
    }
    for (let i = 0; i < m; i++) out[b * m * m + perm[i]! * m + i] = 1;
  }
  return tensor(out, { dtype, shape: [...batch, m, m] });
}

/** 0-based swap sequence (k per matrix) of permutation matrices `p` (m×m) whose first k columns it reproduces. */
function swapsOf(p: Tensor, k: number, m: number): Int32Array {
  const d = p.data();
  const count = m === 0 ? 0 : d.length / (m * m);
  const out = new Int32Array(count * k);
  for (let b = 0; b < count; b++) {
    const rows = Array.from({ length: m }, (_, i) => i); // rows[pos]: original row at position pos
    for (let i = 0; i < k; i++) {
      let r = 0;
      while (d[b * m * m + r * m + i] !== 1) r++;
      const j = rows.indexOf(r);
      out[b * k + i] = j;
      [rows[i], rows[j]] = [rows[j]!, rows[i]!];
    }
  }
  return out;
}

/**
 * A = P·L·U for an m×n matrix (batch) with m ≠ n, as LAPACK's getrf: wide (m < n) from the square
 * LU of the first m columns, U₂ = L⁻¹Pᵀ·A₂; tall (m > n) with the pivots of the whole columns, the
 * square LU of the n pivot rows and L₂ = A₂·U⁻¹ for the others.
 * NOTE: tall, the pivots are read from the data, so this needs concrete values (not inside vmap or
 * compile); wide, they come from the lu primitive (vmap batches it).
 */
export function luRectangular(A: Tensor): RectangularLu {
  const [m, n] = A.shape.slice(-2) as [number, number];
  const batch = A.shape.slice(0, -2);
  if (m < n) {
    const [P, L, U1, , pivots] = luFactors(block(A, 0, m, 0, m));
    const U2 = solveTriangular(L, matmul(matrixTranspose(P), block(A, 0, m, m, n)), unitLower);
    return { P, L, U: concat([U1, U2], -1), pivots };
  }
  const count = batch.reduce((a, b) => a * b, 1);
  const first = new Int32Array(count * n);
  const data = A.data();
  for (let b = 0; b < count; b++) tallSwaps(data, b * m * n, m, n, first, b * n);
  const P0 = permutationOf(first, n, m, batch, A.dtype);
  const [P1] = luFactors(block(matmul(matrixTranspose(P0), A), 0, n, 0, n));
  // P1 is I unless rounding reorders near-equal pivots inside the n pivot rows; fold it into P, in
  // the canonical order that n swaps give (the rows below the pivots are L's free to order).
  const eye = permutationOf(new Int32Array(count * (m - n)), 0, m - n, batch, A.dtype);
  const zeros = (r: number, c: number): Tensor => tensor(new Float64Array(count * r * c), { dtype: A.dtype, shape: [...batch, r, c] });
  const P1full = concat([concat([P1, zeros(n, m - n)], -1), concat([zeros(m - n, n), eye], -1)], -2);
  const swaps = swapsOf(matmul(P0, P1full), n, m);
  const P = permutationOf(swaps, n, m, batch, A.dtype);
  const PA = matmul(matrixTranspose(P), A);
  const [, L1, U] = luFactors(block(PA, 0, n, 0, n));
  const L2 = solveTriangularRight(U, block(PA, n, m, 0, n), upper);
  const pivots = tensor(swaps.map((s) => s + 1), { dtype: "int32", shape: [...batch, n] });
  return { P, L: concat([L1, L2], -2), U, pivots };
}
