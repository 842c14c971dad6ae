import { argumentError, checkBoolean, checkOptionNames } from "../core/validate.js";
import { pow } from "../ops/arithmetic.js";
import { cast } from "../ops/cast.js";
import { notEqual } from "../ops/comparison.js";
import { abs } from "../ops/elementwise.js";
import { norm } from "../ops/norm.js";
import { min, sum } from "../ops/reductions.js";
import { keepDims, reductionAxes, toFloat, type TensorLike } from "../ops/tensor-like.js";
import { stopGradient } from "../primitives/other/stop-gradient.js";
import type { Tensor } from "../tensor/tensor.js";

/** Options of `vectorNorm` (PyTorch's names). */
export interface VectorNormOptions {
  /** Axis or axes to reduce (negative count from the end); all axes when omitted. */
  dim?: number | readonly number[];
  /** Keep the reduced axes with size 1 (default false). */
  keepdim?: boolean;
  /** Cast x to this float dtype first; the result has it too (torch's `dtype`; default x's float dtype). */
  dtype?: "float32" | "float64";
}

/** Checks `ord` of a vector norm: any number but NaN. */
export function checkVectorOrd(fn: string, ord: unknown): number {
  if (typeof ord !== "number" || Number.isNaN(ord)) throw argumentError(fn, "ord", "a number (p, 0, Infinity or -Infinity)", ord);
  return ord;
}

/** x as a float tensor, cast to `dtype` (checked: "float32" or "float64") when given: torch's `dtype` option of the norms. */
export function normInput(x: TensorLike, dtype: unknown, fn: string): Tensor {
  const t = toFloat(x, fn);
  if (dtype === undefined) return t;
  if (dtype !== "float32" && dtype !== "float64") throw argumentError(fn, "options.dtype", `"float32" or "float64"`, dtype);
  return cast(t, dtype);
}

/**
 * The vector norm of `x` over `dim` (all elements when omitted), torch.linalg.vector_norm: ord p ≠ 0
 * gives (Σ|x|^p)^(1/p) (any real p, also 0 < p < 1 and p < 0), Infinity max|x|, −Infinity min|x|,
 * 0 the number of nonzero entries (no gradient). Derivatives as `norm` for p ≥ 1
 * (d‖x‖_p = |x|^(p−1)·sign(x)/‖x‖_p^(p−1)·dx, 0 at x = 0), the same formula for other p (infinite
 * at zero entries for p < 1, as PyTorch); ±∞ send the gradient to the extreme entries (ties share it).
 * `{ dtype }` casts x first (accumulating a float32 tensor in float64, as torch's `dtype`).
 *
 * @example
 * linalg.vectorNorm(tensor([3, -4])); // 5
 * linalg.vectorNorm(tensor([[1, -2], [3, 0]]), 1, { dim: 1 }); // [3, 3]
 */
export function vectorNorm(x: TensorLike, ord = 2, opts?: VectorNormOptions): Tensor {
  const o = checkOptionNames<VectorNormOptions>(opts, "vectorNorm", ["dim", "keepdim", "dtype"]);
  const p = checkVectorOrd("vectorNorm", ord);
  const keepdim = o.keepdim === undefined ? false : checkBoolean(o.keepdim, "vectorNorm", "options.keepdim");
  const t = normInput(x, o.dtype, "vectorNorm");
  const axes = reductionAxes(t, o.dim, "vectorNorm");
  if (p === 2 || p === 1 || p === Infinity || p > 1) return norm(t, p, axes, keepdim);
  if (p === -Infinity) return min(abs(t), axes, keepdim);
  if (p === 0) return stopGradient(sum(cast(notEqual(t, 0), t.dtype), axes, keepdim));
  return keepDims(pow(sum(pow(abs(t), p), axes), 1 / p), t, axes, keepdim);
}
