// torch.linalg.diagonal: the diagonal of the matrices of a batch, with keyword options.
import { checkOptionNames } from "../core/validate.js";
import { diagonal } from "../ops/diagonal.js";
import type { TensorLike } from "../ops/tensor-like.js";
import type { Tensor } from "../tensor/tensor.js";

/** Options of `linalg.diagonal` (torch.linalg.diagonal's keyword arguments). */
export interface LinalgDiagonalOptions {
  /** Which diagonal: 0 the main one (default), > 0 above it, < 0 below it. */
  offset?: number;
  /** The rows' axis (default −2). */
  dim1?: number;
  /** The columns' axis (default −1). */
  dim2?: number;
}

/**
 * The diagonal with `offset` of the matrices in axes `dim1`, `dim2` (default −2, −1: batched over the
 * leading axes), as the last axis: torch.linalg.diagonal, an alias of `diagonal(x, offset, dim1, dim2)`
 * with PyTorch's keyword options. Its derivative scatters back onto the diagonal.
 *
 * @example
 * linalg.diagonal(tensor([[1, 2], [3, 4]]), { offset: 1 }); // [2]
 */
export function linalgDiagonal(a: TensorLike, opts?: LinalgDiagonalOptions): Tensor {
  const o = checkOptionNames<LinalgDiagonalOptions>(opts, "linalg.diagonal", ["offset", "dim1", "dim2"]);
  return diagonal(a, o.offset ?? 0, o.dim1 ?? -2, o.dim2 ?? -1);
}
