import { isFloat } from "../core/dtype.js";
import { checkBoolean, checkFiniteNumber, checkOptions } from "../core/validate.js";
import { ShapeError } from "../core/errors.js";
import { normalizeAxis, reducedShape, showShape, sizeOf } from "../core/shape.js";
import { mul as mulPrim } from "../primitives/binary/mul.js";
import { pad } from "../primitives/movement/pad.js";
import { reshape } from "../primitives/movement/reshape.js";
import { slice } from "../primitives/movement/slice.js";
import { transpose } from "../primitives/movement/transpose.js";
import { cast } from "../primitives/other/cast.js";
import { argmax as argmaxPrim, argmin as argminPrim } from "../primitives/reduce/arg-reduce.js";
import { reduceMax } from "../primitives/reduce/reduce-max.js";
import { sum as sumPrim } from "../primitives/reduce/sum.js";
import { neg as negPrim } from "../primitives/unary/neg.js";
import { full } from "../tensor/creation.js";
import type { Tensor } from "../tensor/tensor.js";
import { div, mul, sub } from "./arithmetic.js";
import { safeSqrt } from "./safe-sqrt.js";
import { asFloat, keepDims, reductionAxes, toTensor, type AxisArg, type TensorLike } from "./tensor-like.js";

/** Number of elements reduced over `axes`. */
function countOf(x: Tensor, axes: readonly number[]): number {
  return axes.reduce((n, a) => n * x.shape[a]!, 1);
}

/**
 * Raises when `axes` of `x` hold no elements.
 * NOTE: the maximum or minimum of nothing is undefined, so `max`/`min` over an empty axis raise (as
 * NumPy and PyTorch do) instead of returning ∓∞; `logsumexp` of nothing is −∞ and stays so.
 */
function checkNonEmpty(x: Tensor, axes: readonly number[], op: string): void {
  if (countOf(x, axes) === 0)
    throw new ShapeError(`${op}: cannot reduce over no elements (axes ${showShape(axes)} of shape ${showShape(x.shape)})`);
}

/**
 * Sum over `axis` (all axes when omitted); bool sums count (int32). Its transpose broadcasts back.
 * NOTE: int32 sums stay int32 and wrap around past ±2³¹ (JAX's rule without x64; there is no
 * int64); cast to float64 first for exact large integer sums. `mean` accumulates in float.
 *
 * @example
 * sum(tensor([[1, 2], [3, 4]]), 1); // [3, 7]
 */
export function sum(x: TensorLike, axis?: AxisArg, keepdims = false): Tensor {
  const t = toTensor(x, undefined, "sum");
  const axes = reductionAxes(t, axis, "sum", keepdims);
  return keepDims(sumPrim(t, axes), t, axes, keepdims);
}

/**
 * Arithmetic mean over `axis` (all axes when omitted); integers give float32. d mean = Σ dx / n.
 * NOTE: int32 and bool inputs are cast to float32 before summing (JAX's rule; NumPy gives float64,
 * PyTorch refuses), so the sum never wraps around as an int32 sum would.
 *
 * @example
 * mean(tensor([[1, 2], [3, 4]]), 0); // [2, 3]
 */
export function mean(x: TensorLike, axis?: AxisArg, keepdims = false): Tensor {
  const t = asFloat(toTensor(x, undefined, "mean"));
  const axes = reductionAxes(t, axis, "mean", keepdims);
  return div(sum(t, axes, keepdims), countOf(t, axes));
}

/**
 * Maximum over `axis` (all axes when omitted); NaN propagates; an empty axis raises a ShapeError.
 * NOTE: tied maxima share the derivative evenly (max of [1, 1, 0] has gradient [½, ½, 0]).
 *
 * @example
 * max(tensor([[1, 5], [3, 4]]), 1); // [5, 4]
 */
export function max(x: TensorLike, axis?: AxisArg, keepdims = false): Tensor {
  const t = toTensor(x, undefined, "max");
  const axes = reductionAxes(t, axis, "max", keepdims);
  checkNonEmpty(t, axes, "max");
  if (t.dtype === "bool") return cast(max(cast(t, "int32"), axes, keepdims), "bool");
  return keepDims(reduceMax(t, axes), t, axes, keepdims);
}

/**
 * Minimum over `axis` (all axes when omitted), as −max(−x); NaN propagates.
 * NOTE: tied minima share the derivative evenly, as for `max`.
 *
 * @example
 * min(tensor([[1, 5], [3, 4]]), 1); // [1, 3]
 */
export function min(x: TensorLike, axis?: AxisArg, keepdims = false): Tensor {
  const t = toTensor(x, undefined, "min");
  const axes = reductionAxes(t, axis, "min", keepdims);
  checkNonEmpty(t, axes, "min");
  if (t.dtype === "bool") return cast(min(cast(t, "int32"), axes, keepdims), "bool");
  return negPrim(keepDims(reduceMax(negPrim(t), axes), t, axes, keepdims));
}

/**
 * Product over `axis` (all axes when omitted), as a pairwise tree of multiplications (JAX's
 * approach): the derivative never divides by x, so zeros are handled exactly (∇prod [2, 0, 3] =
 * [0, 6, 0]) and every order of derivative exists.
 *
 * @example
 * prod(tensor([[1, 2], [3, 4]]), 1); // [2, 12]
 */
export function prod(x: TensorLike, axis?: AxisArg, keepdims = false): Tensor {
  let t = toTensor(x, undefined, "prod");
  if (t.dtype === "bool") t = cast(t, "int32");
  const axes = reductionAxes(t, axis, "prod", keepdims);
  const rest = t.shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const outShape = reducedShape(t.shape, axes, keepdims);
  const n = countOf(t, axes);
  const m = sizeOf(rest.map((i) => t.shape[i]!));
  if (n === 0) return full(outShape, 1, { dtype: t.dtype });
  // Reduced axes first, flattened to [n, m]; then multiply the two halves until one row is left.
  let y = reshape(transpose(t, [...axes, ...rest]), [n, m]);
  while (y.shape[0]! > 1) {
    if (y.shape[0]! % 2 === 1) y = pad(y, [[0, 1], [0, 0]], 1);
    const h = y.shape[0]! / 2;
    y = mulPrim(slice(y, [0, 0], [h, m]), slice(y, [h, 0], [h, m]));
  }
  return reshape(y, outShape);
}

/** Options of `variance` and `std`. */
export interface VarianceOptions {
  /** Subtracted from the count in the denominator: 0 (default, numpy/JAX) or 1 (Bessel, PyTorch). */
  correction?: number;
}

/**
 * Variance Σ(x − mean)² / (n − correction) over `axis` (all axes when omitted).
 * NOTE: the default `correction` is 0 (the population variance, as numpy and JAX); pass
 * `{ correction: 1 }` for PyTorch's unbiased estimate.
 *
 * @example
 * variance(tensor([1, 2, 3, 4])); // 1.25
 */
export function variance(x: TensorLike, axis?: AxisArg, keepdims = false, opts: VarianceOptions = {}): Tensor {
  return varianceOf("variance", x, axis, keepdims, opts);
}

function varianceOf(op: string, x: TensorLike, axis: AxisArg, keepdims: boolean, opts: VarianceOptions): Tensor {
  const t = asFloat(toTensor(x, undefined, op));
  const axes = reductionAxes(t, axis, op, keepdims);
  const correction = checkFiniteNumber(checkOptions<VarianceOptions>(opts, op).correction ?? 0, op, "correction");
  const centered = sub(t, mean(t, axes, true));
  return div(sum(mul(centered, centered), axes, keepdims), countOf(t, axes) - correction);
}

/**
 * Standard deviation √variance over `axis` (all axes when omitted); `correction` as in `variance`.
 * NOTE: where all values are equal the derivative is 0, not ∞ or NaN (like ∇‖x‖ at 0: the
 * square root is guarded by a double where).
 *
 * @example
 * std(tensor([1, 2, 3, 4])); // 1.1180
 */
export function std(x: TensorLike, axis?: AxisArg, keepdims = false, opts: VarianceOptions = {}): Tensor {
  return safeSqrt(varianceOf("std", x, axis, keepdims, opts));
}

function argReduce(name: "argmax" | "argmin", x: TensorLike, axis: number | undefined, keepdims: boolean): Tensor {
  let t = toTensor(x, undefined, name);
  checkBoolean(keepdims, name, "keepdims");
  if (!isFloat(t.dtype) && t.dtype !== "int32") t = cast(t, "int32");
  const prim = name === "argmax" ? argmaxPrim : argminPrim;
  if (axis === undefined || axis === null) {
    const flat = reshape(t, [t.size]);
    return reshape(prim(flat, 0), keepdims ? t.shape.map(() => 1) : []);
  }
  const a = normalizeAxis(axis, t.ndim, name);
  return keepDims(prim(t, a), t, [a], keepdims);
}

/**
 * Index (int32) of the maximum along `axis`, or in the flattened tensor when omitted; first on ties.
 *
 * @example
 * argmax(tensor([[1, 5], [3, 4]]), 1); // [1, 1]
 */
export function argmax(x: TensorLike, axis?: number, keepdims = false): Tensor {
  return argReduce("argmax", x, axis, keepdims);
}

/**
 * Index (int32) of the minimum along `axis`, or in the flattened tensor when omitted; first on ties.
 *
 * @example
 * argmin(tensor([[1, 5], [3, 4]]), 1); // [0, 0]
 */
export function argmin(x: TensorLike, axis?: number, keepdims = false): Tensor {
  return argReduce("argmin", x, axis, keepdims);
}
