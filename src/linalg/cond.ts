// torch.linalg.cond: the condition number κ_p(A) = ‖A‖_p·‖A⁻¹‖_p.
import { argumentError, describeValue } from "../core/validate.js";
import { div, mul } from "../ops/arithmetic.js";
import { equal, where } from "../ops/comparison.js";
import { slice } from "../ops/indexing.js";
import { reshape } from "../ops/shape-ops.js";
import type { TensorLike } from "../ops/tensor-like.js";
import type { Tensor } from "../tensor/tensor.js";
import { floatMatrix, squareDim } from "./check-matrix.js";
import { matrixNorm, type MatrixNormOrder } from "./matrix-norm.js";
import { svdvals } from "./primitives/svd.js";
import { invEx } from "./solve-ex.js";

const ORDERS: readonly unknown[] = [2, -2, "fro", "nuc", 1, -1, Infinity, -Infinity];

/** σ_first/σ_last of each matrix (singular values descending). */
function singularRatio(a: Tensor, largestOverSmallest: boolean): Tensor {
  const s = svdvals(a);
  const k = s.shape[s.ndim - 1]!;
  const lead = s.shape.slice(0, -1);
  const at = (i: number): Tensor => reshape(slice(s, [...lead.map(() => 0), i], [...lead, 1]), lead);
  return largestOverSmallest ? div(at(0), at(k - 1)) : div(at(k - 1), at(0));
}

/**
 * The condition number of a matrix (batch) in the norm `p` (PyTorch's `linalg.cond`): for p = 2
 * (default) σ_max/σ_min from the SVD (any m×n; Infinity for a rank-deficient matrix), for −2
 * σ_min/σ_max; for "fro", "nuc", 1, −1, Infinity, −Infinity ‖A‖_p·‖A⁻¹‖_p (square A; Infinity where A
 * is exactly singular). Large values mean a solve loses about log10(κ) digits. Differentiable
 * where A is nonsingular (and σ_max, σ_min are simple for p = ±2).
 *
 * @example
 * linalg.cond(tensor([[1e9, 0], [0, 1e-9]])); // 1e18
 */
export function cond(a: TensorLike, p: MatrixNormOrder = 2): Tensor {
  if (!ORDERS.includes(p)) throw argumentError("cond", "p", `one of 2, -2, "fro", "nuc", 1, -1, Infinity, -Infinity`, p);
  const A = floatMatrix(a, "cond");
  if (p === 2 || p === -2) return singularRatio(A, p === 2);
  squareDim("cond", A, `the matrix (p = ${describeValue(p)} needs a square matrix)`);
  const { result, info } = invEx(A);
  return where(equal(info, 0), mul(matrixNorm(A, p), matrixNorm(result, p)), Infinity);
}
