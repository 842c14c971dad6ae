import { stopGradient } from "../primitives/other/stop-gradient.js";
import { reduceMax } from "../primitives/reduce/reduce-max.js";
import { reshape } from "../primitives/movement/reshape.js";
import type { Tensor } from "../tensor/tensor.js";
import { add, sub } from "./arithmetic.js";
import { where } from "./comparison.js";
import { exp, log } from "./elementwise.js";
import { isFinite } from "./is-finite.js";
import { keepDims, reductionAxes, toFloat, type AxisArg, type TensorLike } from "./tensor-like.js";
import { sum } from "./reductions.js";

/**
 * The shift m = max x (kept dims) used by logsumexp and softmax, as a constant for
 * differentiation; 0 where the max is ±∞ or NaN so that x − m stays meaningful.
 * NOTE: log Σ eˣ = m + log Σ e^(x−m) for *any* constant m, so treating m as a constant
 * (stopGradient, as JAX does) leaves every derivative exact, and e^(x−m) ≤ 1 never overflows:
 * no custom rule is needed. It also means ties of the max cannot leak into the derivative.
 */
export function maxShift(x: Tensor, axes: readonly number[]): Tensor {
  const m = keepDims(reduceMax(stopGradient(x), axes), x, axes, true);
  return where(isFinite(m), m, 0);
}

/**
 * log Σ exp(x) over `axis` (all axes when omitted), stable for any x. Its gradient is softmax(x).
 *
 * @example
 * logsumexp(tensor([1000, 0])); // 1000
 */
export function logsumexp(x: TensorLike, axis?: AxisArg, keepdims = false): Tensor {
  const t = toFloat(x, "logsumexp");
  const axes = reductionAxes(t, axis, "logsumexp", keepdims);
  const m = maxShift(t, axes);
  const s = sum(exp(sub(t, m)), axes, keepdims);
  return add(log(s), keepdims ? m : reshape(m, s.shape));
}
