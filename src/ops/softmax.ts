import type { Tensor } from "../tensor/tensor.js";
import { div, sub } from "./arithmetic.js";
import { exp, log } from "./elementwise.js";
import { logSoftmax as logSoftmaxLast } from "./log-softmax-primitive.js";
import { maxShift } from "./logsumexp.js";
import { sum } from "./reductions.js";
import { reductionAxes, toFloat, type TensorLike } from "./tensor-like.js";

/**
 * e^(x − max) / Σ e^(x − max) along `axis` (default the last), stable for any x: the shift is a
 * constant for differentiation (see `maxShift`), so the automatic derivative
 * dy = y ⊙ (dx − Σ y ⊙ dx) is exact and finite (no custom rule needed).
 *
 * @example
 * softmax(tensor([1000, 0])); // [1, 0]
 */
export function softmax(x: TensorLike, axis: number | readonly number[] = -1): Tensor {
  const t = toFloat(x, "softmax");
  const axes = reductionAxes(t, axis, "softmax");
  const e = exp(sub(t, maxShift(t, axes)));
  return div(e, sum(e, axes, true));
}

/**
 * log softmax(x) = x − logsumexp(x) along `axis` (default the last), stable for any x.
 * d logSoftmax = dx − Σ softmax(x) ⊙ dx.
 *
 * @example
 * logSoftmax(tensor([0, -1000])); // [0, -1000]
 */
export function logSoftmax(x: TensorLike, axis: number | readonly number[] = -1): Tensor {
  const t = toFloat(x, "logSoftmax");
  const axes = reductionAxes(t, axis, "logSoftmax");
  // NOTE: over the last axis alone (the common case: classes last) one fused primitive does it.
  if (axes.length === 1 && axes[0] === t.ndim - 1) return logSoftmaxLast(t);
  const shifted = sub(t, maxShift(t, axes));
  return sub(shifted, log(sum(exp(shifted), axes, true)));
}
