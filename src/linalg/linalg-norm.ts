import { ShapeError } from "../core/errors.js";
import { normalizeAxis } from "../core/shape.js";
import { argumentError, checkBoolean, checkOptionNames } from "../core/validate.js";
import { reshape, transpose } from "../ops/shape-ops.js";
import type { TensorLike } from "../ops/tensor-like.js";
import type { Tensor } from "../tensor/tensor.js";
import { matrixNorm, type MatrixNormOrder } from "./matrix-norm.js";
import { checkVectorOrd, normInput, vectorNorm } from "./vector-norm.js";

/** Options of `linalg.norm` (PyTorch's names). */
export interface LinalgNormOptions {
  /** One axis (a vector norm) or two axes (a matrix norm); see `linalg.norm` for the default. */
  dim?: number | readonly [number, number];
  /** Keep the reduced axes with size 1 (default false). */
  keepdim?: boolean;
  /** Cast x to this float dtype first; the result has it too (torch's `dtype`). */
  dtype?: "float32" | "float64";
}

const MATRIX_ORDS: readonly unknown[] = ["fro", "nuc", 2, -2, 1, -1, Infinity, -Infinity];

/** The matrix norm over axes [d1, d2] (moved to the end), with the axes kept when asked. */
function matrixNormOver(t: Tensor, ord: MatrixNormOrder, d1: number, d2: number, keepdim: boolean): Tensor {
  const rest = t.shape.map((_, i) => i).filter((i) => i !== d1 && i !== d2);
  const value = matrixNorm(transpose(t, [...rest, d1, d2]), ord);
  return keepdim ? reshape(value, t.shape.map((d, i) => (i === d1 || i === d2 ? 1 : d))) : value;
}

/**
 * A vector or matrix norm, as torch.linalg.norm: with `dim` one axis, the vector norm `vectorNorm`
 * (ord default 2); with `dim` two axes, the matrix norm `matrixNorm` of those axes (ord default
 * "fro"); without `dim`, the 2-norm of all elements when `ord` is omitted, else the vector norm of
 * a 1-D or the matrix norm of a 2-D `x` (other ranks need `dim`). Derivatives are those of
 * `vectorNorm` and `matrixNorm`.
 *
 * @example
 * linalg.norm(tensor([[1, -2], [3, 4]])); // √30 (Frobenius)
 * linalg.norm(tensor([[1, -2], [3, 4]]), 1); // 6 (largest column sum)
 * linalg.norm(tensor([[1, -2], [3, 4]]), 1, { dim: 1 }); // [3, 7]
 */
export function linalgNorm(x: TensorLike, ord?: number | "fro" | "nuc", opts?: LinalgNormOptions): Tensor {
  const o = checkOptionNames<LinalgNormOptions>(opts, "norm", ["dim", "keepdim", "dtype"]);
  const keepdim = o.keepdim === undefined ? false : checkBoolean(o.keepdim, "norm", "options.keepdim");
  const t = normInput(x, o.dtype, "norm");
  const dim = o.dim;
  if (typeof dim === "number" || (dim === undefined && (ord === undefined || t.ndim === 1))) {
    if (typeof ord === "string") throw argumentError("norm", "ord", "a number for a vector norm (\"fro\" and \"nuc\" need a matrix)", ord);
    return vectorNorm(t, ord === undefined ? 2 : checkVectorOrd("norm", ord), { dim, keepdim });
  }
  if (!MATRIX_ORDS.includes(ord ?? "fro"))
    throw argumentError("norm", "ord", 'one of "fro", "nuc", 2, -2, 1, -1, Infinity, -Infinity for a matrix norm', ord);
  const m = (ord ?? "fro") as MatrixNormOrder;
  if (dim === undefined) {
    if (t.ndim !== 2)
      throw new ShapeError(`norm: x must be 1-D or 2-D when ord is given without dim, got shape [${t.shape.join(", ")}] (pass options.dim)`);
    return matrixNormOver(t, m, 0, 1, keepdim);
  }
  if (!Array.isArray(dim) || dim.length !== 2) throw argumentError("norm", "options.dim", "an axis or a pair of axes", dim);
  const d1 = normalizeAxis(dim[0] as number, t.ndim, "norm", "options.dim[0]");
  const d2 = normalizeAxis(dim[1] as number, t.ndim, "norm", "options.dim[1]");
  if (d1 === d2) throw argumentError("norm", "options.dim", "two different axes", dim);
  return matrixNormOver(t, m, d1, d2, keepdim);
}
