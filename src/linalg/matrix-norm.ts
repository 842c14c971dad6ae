import { ArgumentError } from "../core/errors.js";
import { showValue } from "../core/validate.js";
import { abs } from "../ops/elementwise.js";
import { norm } from "../ops/norm.js";
import { max, min, sum } from "../ops/reductions.js";
import { slice } from "../ops/indexing.js";
import { reshape } from "../ops/shape-ops.js";
import type { TensorLike } from "../ops/tensor-like.js";
import type { Tensor } from "../tensor/tensor.js";
import { floatMatrix } from "./check-matrix.js";
import { svdvals } from "./primitives/svd.js";

/** Which matrix norm `matrixNorm` computes. */
export type MatrixNormOrder = "fro" | "nuc" | 2 | -2 | 1 | -1 | typeof Infinity;

/** The singular value at position `index` (0 = largest, −1 = smallest) of each matrix. */
function singularValue(x: Tensor, index: 0 | -1): Tensor {
  const s = svdvals(x);
  const k = s.shape[s.ndim - 1]!;
  const lead = s.shape.slice(0, -1);
  return reshape(slice(s, [...lead.map(() => 0), index === 0 ? 0 : k - 1], [...lead, 1]), lead);
}

/**
 * A matrix norm of the last two axes (batched over leading ones), numpy's `matrix_norm`:
 * "fro" (default) √Σx², "nuc" Σσ_i (nuclear), 2 σ_max (spectral), −2 σ_min, 1 the largest column
 * sum of |x|, −1 the smallest, Infinity the largest row sum of |x|, −Infinity the smallest.
 * Gradients: "fro" x/‖x‖ (0 at x = 0); "nuc" U·Vᵀ; 2 u₁v₁ᵀ; 1 and ∞ sign(x) on the maximising
 * column or row. NOTE: ties (equal largest singular values, equal column sums) share the gradient
 * as `max` does for 1 and ∞; for 2 the gradient at a repeated σ_max is that of one singular pair
 * chosen by the SVD (a subgradient), and 'nuc' at a zero singular value uses the SVD's basis.
 *
 * @example
 * linalg.matrixNorm(tensor([[1, -2], [3, 4]]), 1); // 6
 * linalg.matrixNorm(tensor([[3, 0], [0, 4]]), 2); // 4
 */
export function matrixNorm(x: TensorLike, ord: MatrixNormOrder = "fro", keepdims = false): Tensor {
  const t = floatMatrix(x, "matrixNorm");
  const value = ((): Tensor => {
    switch (ord) {
      case "fro":
        return norm(t, 2, [-2, -1]);
      case "nuc":
        return sum(svdvals(t), -1);
      case 2:
        return singularValue(t, 0);
      case -2:
        return singularValue(t, -1);
      case 1:
        return max(sum(abs(t), -2), -1);
      case -1:
        return min(sum(abs(t), -2), -1);
      case Infinity:
        return max(sum(abs(t), -1), -1);
      case -Infinity:
        return min(sum(abs(t), -1), -1);
      default:
        throw new ArgumentError(`matrixNorm: ord must be "fro", "nuc", 2, -2, 1, -1, Infinity or -Infinity, got ${showValue(ord)}`);
    }
  })();
  return keepdims ? reshape(value, [...value.shape, 1, 1]) : value;
}
