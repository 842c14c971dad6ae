import { checkOptionNames, checkInteger } from "../core/validate.js";
import { normalizeAxis } from "../core/shape.js";
import { mul } from "../ops/arithmetic.js";
import { sum } from "../ops/reductions.js";
import { checkBroadcast, promoteFloatOperands, type TensorLike } from "../ops/tensor-like.js";
import type { Tensor } from "../tensor/tensor.js";

/** Options of `vecdot` and `cross`. */
export interface DimOption {
  /** The axis of the vectors (default −1). */
  dim?: number;
}

/**
 * The dot product of vectors along `dim` (default −1), broadcasting the other axes, as
 * torch.linalg.vecdot: Σ_i x_i·y_i. ∂/∂x = y, ∂/∂y = x.
 *
 * @example
 * linalg.vecdot(tensor([[1, 2], [3, 4]]), tensor([1, 1])); // [3, 7]
 */
export function vecdot(x: TensorLike, y: TensorLike, opts?: DimOption): Tensor {
  const o = checkOptionNames<DimOption>(opts, "vecdot", ["dim"]);
  const [a, b] = promoteFloatOperands(x, y, "vecdot", ["x", "y"]);
  checkBroadcast(a, b, "vecdot");
  const dim = o.dim === undefined ? -1 : checkInteger(o.dim, "vecdot", "options.dim");
  const p = mul(a, b);
  return sum(p, normalizeAxis(dim, p.ndim, "vecdot", "options.dim"));
}
