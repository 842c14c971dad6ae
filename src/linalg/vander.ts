import { ShapeError } from "../core/errors.js";
import { MAX_ELEMENTS, showShape } from "../core/shape.js";
import { checkInteger, checkOptionNames } from "../core/validate.js";
import { mul } from "../ops/arithmetic.js";
import { stack } from "../ops/concat-split.js";
import { onesLike } from "../tensor/creation.js";
import { toFloat, type TensorLike } from "../ops/tensor-like.js";
import type { Tensor } from "../tensor/tensor.js";

/** Options of `vander`. */
export interface VanderOptions {
  /** Number of columns (default: the length of x). */
  N?: number;
}

/**
 * The Vandermonde matrix of x [..., n] in increasing powers, [..., n, N] with column j = x^j
 * (torch.linalg.vander; numpy.vander's default is decreasing). Built by repeated products, so
 * d(x^j) = j·x^(j−1) dx exactly, also at x = 0.
 *
 * @example
 * linalg.vander(tensor([1, 2, 3])); // [[1, 1, 1], [1, 2, 4], [1, 3, 9]]
 */
export function vander(x: TensorLike, opts?: VanderOptions): Tensor {
  const o = checkOptionNames<VanderOptions>(opts, "vander", ["N"]);
  const t = toFloat(x, "vander");
  if (t.ndim < 1) throw new ShapeError(`vander: x must be a vector or a batch of vectors (rank ≥ 1), got shape ${showShape(t.shape)}`);
  const N = o.N === undefined ? t.shape[t.ndim - 1]! : checkInteger(o.N, "vander", "options.N", 1);
  if (t.size * N > MAX_ELEMENTS)
    throw new ShapeError(`vander: the result [${[...t.shape, N].join(", ")}] would have more than ${MAX_ELEMENTS} elements (options.N = ${N})`);
  if (N < 1) throw new ShapeError(`vander: x must not be empty when options.N is omitted, got shape ${showShape(t.shape)}`);
  const cols: Tensor[] = [onesLike(t)];
  for (let j = 1; j < N; j++) cols.push(j === 1 ? t : mul(cols[j - 1]!, t));
  return stack(cols, -1);
}
