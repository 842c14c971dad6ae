// Small matrix identities the derivative rules share. Every function here is a composite of
// primitives, so the rules that use them stay differentiable.
import type { DType } from "../core/dtype.js";
import { add, mul, div, sub } from "../ops/arithmetic.js";
import { lessEqual, where } from "../ops/comparison.js";
import { abs } from "../ops/elementwise.js";
import { max } from "../ops/reductions.js";
import { stopGradient } from "../primitives/other/stop-gradient.js";
import { slice } from "../ops/indexing.js";
import { unsqueeze } from "../ops/shape-ops.js";
import { matmul, matrixTranspose } from "../primitives/linalg/matmul.js";
import { eye } from "../tensor/creation.js";
import type { Tensor } from "../tensor/tensor.js";

export { matmul, matrixTranspose };

/** (X + Xᵀ)/2 of the last two axes. */
export function symmetrize(x: Tensor): Tensor {
  return mul(add(x, matrixTranspose(x)), 0.5);
}

/** The n×n identity in `dtype` (a constant). */
export function identity(n: number, dtype: DType): Tensor {
  return eye(n, { dtype });
}

/** diag(v) for a batch of vectors v [..., k]: [..., k, k]. */
export function diagEmbed(v: Tensor): Tensor {
  const k = v.shape[v.shape.length - 1]!;
  return mul(unsqueeze(v, -2), identity(k, v.dtype));
}

/**
 * 1/x elementwise, with 0 where |x| ≤ tol (default 0: only exact zeros), by a "double where" so no
 * 1/0 is ever formed and the derivative stays finite too. `tol` broadcasts against x.
 */
export function reciprocalOrZero(x: Tensor, tol: Tensor | number = 0): Tensor {
  const small = lessEqual(abs(x), tol);
  return where(small, 0, div(1, where(small, 1, x)));
}

/** `scale`·max|v| over the last axis, with that axis kept (a tolerance relative to a spectrum). */
export function relativeTolerance(v: Tensor, scale: number): Tensor {
  return mul(stopGradient(max(abs(v), -1, true)), scale);
}

/**
 * F with F_ij = 1/(w_j − w_i) for i ≠ j and 0 on the diagonal, from a batch of vectors w [..., k]
 * (the eigenvalue-gap matrix of eigh and of svd).
 * NOTE: where |w_j − w_i| ≤ tol (repeated values, up to rounding) F_ij is 0, not ±∞ or a rounding
 * artefact: see the degenerate-input notes of `eigh` and `svd`. Larger gaps give the true, possibly
 * large, 1/(w_j − w_i).
 */
export function gapReciprocals(w: Tensor, tol: Tensor | number = 0): Tensor {
  return reciprocalOrZero(sub(unsqueeze(w, -2), unsqueeze(w, -1)), typeof tol === "number" ? tol : unsqueeze(tol, -1));
}

/** X·diag(v): scales column j of X by v_j. */
export function scaleColumns(x: Tensor, v: Tensor): Tensor {
  return mul(x, unsqueeze(v, -2));
}

/** Columns [start, start + count) of the last axis. */
export function columns(x: Tensor, start: number, count: number): Tensor {
  const lead = x.shape.slice(0, -1);
  return slice(x, [...lead.map(() => 0), start], [...lead, count]);
}
