import { ArgumentError } from "../core/errors.js";
import { showValue } from "../core/validate.js";
import { pow as powPrim } from "../primitives/binary/pow.js";
import { notEqual } from "../primitives/compare/not-equal.js";
import { where } from "../primitives/other/where.js";
import { full } from "../tensor/creation.js";
import type { Tensor } from "../tensor/tensor.js";
import { mul } from "./arithmetic.js";
import { abs } from "./elementwise.js";
import { max, sum } from "./reductions.js";
import { safeSqrt } from "./safe-sqrt.js";
import { reductionAxes, toFloat, type AxisArg, type TensorLike } from "./tensor-like.js";

/** s^(1/p) for s ≥ 0 with derivative 0 at s = 0 (double where, as `safeSqrt`). */
function safeRoot(s: Tensor, p: number): Tensor {
  const nonzero = notEqual(s, full([], 0, { dtype: s.dtype }));
  const root = powPrim(where(nonzero, s, full([], 1, { dtype: s.dtype })), full([], 1 / p, { dtype: s.dtype }));
  return where(nonzero, root, full([], 0, { dtype: s.dtype }));
}

/**
 * The vector p-norm (Σ|x|^p)^(1/p) over `axis`, or over all elements when omitted (so the
 * Frobenius norm of a matrix for ord 2); `ord` is 1, 2, Infinity (max |x|) or any p ≥ 1.
 * d‖x‖₂ = x/‖x‖₂ · dx; d‖x‖_p = |x|^(p−1) sign(x)/‖x‖_p^(p−1) · dx.
 * NOTE: at x = 0 the derivative is 0 (a subgradient; PyTorch's convention, JAX gives NaN), so
 * ‖x‖² and (‖x‖ − 1)² differentiate to 0 there too.
 *
 * @example
 * norm(tensor([3, 4])); // 5
 * norm(tensor([[1, -2], [3, 0]]), 1, 1); // [3, 3]
 */
export function norm(x: TensorLike, ord = 2, axis?: AxisArg, keepdims = false): Tensor {
  const t = toFloat(x, "norm");
  const axes = reductionAxes(t, axis, "norm", keepdims);
  if (ord === 2) return safeSqrt(sum(mul(t, t), axes, keepdims));
  if (ord === 1) return sum(abs(t), axes, keepdims);
  if (ord === Infinity) return max(abs(t), axes, keepdims);
  if (!(typeof ord === "number" && ord >= 1))
    throw new ArgumentError(`norm: ord must be 1, 2, Infinity or a number p ≥ 1, got ${showValue(ord)}`);
  return safeRoot(sum(powPrim(abs(t), full([], ord, { dtype: t.dtype })), axes, keepdims), ord);
}
