import { notEqual } from "../primitives/compare/not-equal.js";
import { where } from "../primitives/other/where.js";
import { sqrt } from "../primitives/unary/sqrt.js";
import { full } from "../tensor/creation.js";
import type { Tensor } from "../tensor/tensor.js";

/**
 * √s for s ≥ 0 with derivative 0 (instead of ∞) where s = 0, by a "double where": the square root
 * only ever sees s ≠ 0 (1 is substituted at the zeros), and the outer where puts 0 back.
 * NOTE: this is the convention ∇‖x‖₂ = 0 at x = 0 (PyTorch's); since s = Σx² has derivative 0
 * there too, the chain never forms 0 · ∞. NaN passes through (NaN ≠ 0).
 *
 * @example
 * safeSqrt(sum(square(x))); // ‖x‖₂, differentiable to 0 at x = 0
 */
export function safeSqrt(s: Tensor): Tensor {
  const nonzero = notEqual(s, full([], 0, { dtype: s.dtype }));
  return where(nonzero, sqrt(where(nonzero, s, full([], 1, { dtype: s.dtype }))), full([], 0, { dtype: s.dtype }));
}
