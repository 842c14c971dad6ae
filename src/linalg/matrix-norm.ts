import { ArgumentError } from "../core/errors.js";
import { argumentError, checkBoolean, checkInteger, checkOptionNames, showValue } from "../core/validate.js";
import { normalizeAxis } from "../core/shape.js";
import { abs } from "../ops/elementwise.js";
import { norm } from "../ops/norm.js";
import { max, min, sum } from "../ops/reductions.js";
import { slice } from "../ops/indexing.js";
import { reshape, transpose } from "../ops/shape-ops.js";
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
 * The third argument is `{ dim, keepdim }` (PyTorch's: the two matrix axes, default [-2, -1]) or,
 * as before, the boolean keepdim.
 *
 * @example
 * linalg.matrixNorm(tensor([[1, -2], [3, 4]]), 1); // 6
 * linalg.matrixNorm(tensor([[3, 0], [0, 4]]), 2); // 4
 */
export function matrixNorm(x: TensorLike, ord: MatrixNormOrder = "fro", opts: boolean | MatrixNormOptions = false): Tensor {
  const [dim, keepdims] = normOptions(opts);
  const t0 = floatMatrix(x, "matrixNorm");
  const [d0, d1] = dim.map((d, i) => normalizeAxis(checkInteger(d, "matrixNorm", `options.dim[${i}]`), t0.ndim, "matrixNorm")) as [number, number];
  if (d0 === d1) throw argumentError("matrixNorm", "options.dim", "two different axes", dim);
  const rest = t0.shape.map((_, i) => i).filter((i) => i !== d0 && i !== d1);
  const t = d0 === t0.ndim - 2 && d1 === t0.ndim - 1 ? t0 : transpose(t0, [...rest, d0, d1]);
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
  if (!keepdims) return value;
  const kept = [...t0.shape];
  kept[d0] = 1;
  kept[d1] = 1;
  return reshape(value, kept);
}

/** Options of `matrixNorm` (PyTorch's matrix_norm). */
export interface MatrixNormOptions {
  /** The two axes that hold the matrices (default [-2, -1]). */
  dim?: readonly [number, number];
  /** Keep them as size-1 axes (default false). */
  keepdim?: boolean;
}

/** [dim, keepdim] from the third argument: a boolean (keepdim, the older form) or options. */
function normOptions(opts: unknown): [readonly unknown[], boolean] {
  if (typeof opts === "boolean") return [[-2, -1], opts];
  const o = checkOptionNames<MatrixNormOptions>(opts, "matrixNorm", ["dim", "keepdim"]);
  const dim: unknown = o.dim ?? [-2, -1];
  if (!Array.isArray(dim) || dim.length !== 2) throw argumentError("matrixNorm", "options.dim", "two axes [d0, d1]", dim);
  return [dim, o.keepdim === undefined ? false : checkBoolean(o.keepdim, "matrixNorm", "options.keepdim")];
}
