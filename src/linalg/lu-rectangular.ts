// LU with partial pivoting of non-square matrices (torch.linalg.lu and lu_factor of an m×n A): tall
// by the lu primitive, wide composed from it and triangular solves, so that the derivatives (both
// modes, every order) come from their rules. The pivots are piecewise constant and carry no derivative.
import { concat } from "../ops/concat-split.js";
import { slice } from "../ops/indexing.js";
import type { Tensor } from "../tensor/tensor.js";
import { matmul, matrixTranspose } from "./matrix-algebra.js";
import { luFactors } from "./primitives/lu.js";
import { solveTriangular, type TriangularSolveParams } from "./primitives/triangular-solve.js";

const unitLower: TriangularSolveParams = { lower: true, transposeA: false, unitDiagonal: true, singular: null };

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

/**
 * A = P·L·U for an m×n matrix (batch) with m ≠ n, as LAPACK's getrf: wide (m < n) from the square
 * LU of the first m columns, U₂ = L⁻¹Pᵀ·A₂; tall (m > n) by the lu primitive itself (getrf's n
 * steps on the m×n matrix). Either way the pivots come from the primitive, so vmap batches this and
 * compile traces it.
 */
export function luRectangular(A: Tensor): RectangularLu {
  const [m, n] = A.shape.slice(-2) as [number, number];
  if (m < n) {
    const [P, L, U1, , pivots] = luFactors(block(A, 0, m, 0, m));
    const U2 = solveTriangular(L, matmul(matrixTranspose(P), block(A, 0, m, m, n)), unitLower);
    return { P, L, U: concat([U1, U2], -1), pivots };
  }
  const [P, L, U, , pivots] = luFactors(A);
  return { P, L, U, pivots };
}
