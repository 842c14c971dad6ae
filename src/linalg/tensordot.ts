import { argumentError } from "../core/validate.js";
import { ShapeError } from "../core/errors.js";
import { normalizeAxis, showShape } from "../core/shape.js";
import { reshape, transpose } from "../ops/shape-ops.js";
import { asFloat, promoteOperands, type TensorLike } from "../ops/tensor-like.js";
import type { Tensor } from "../tensor/tensor.js";
import { matmul } from "./matrix-algebra.js";

/**
 * Tensor contraction over pairs of axes (numpy's tensordot): `axes = N` (default 2) contracts the
 * last N axes of `a` with the first N of `b`; `axes = [axesA, axesB]` pairs them explicitly
 * (negative allowed). The result has a's free axes followed by b's. One transpose, reshape and
 * matmul each side, so it differentiates through those ops.
 *
 * @example
 * tensordot(a, b, 1); // matmul for matrices
 * tensordot(x, y, [[0, 1], [1, 0]]); // Σ_ij x_ij y_ji
 */
export function tensordot(a: TensorLike, b: TensorLike, axes: number | readonly [number | readonly number[], number | readonly number[]] = 2): Tensor {
  const [x, y] = promoteOperands(a, b, "tensordot").map(asFloat) as [Tensor, Tensor];
  let ax: number[];
  let bx: number[];
  if (typeof axes === "number") {
    if (!Number.isInteger(axes) || axes < 0 || axes > x.ndim || axes > y.ndim)
      throw new ShapeError(`tensordot: cannot contract ${axes} axes of shapes ${showShape(x.shape)} and ${showShape(y.shape)}`);
    ax = Array.from({ length: axes }, (_, i) => x.ndim - axes + i);
    bx = Array.from({ length: axes }, (_, i) => i);
  } else {
    if (!Array.isArray(axes) || axes.length !== 2) throw argumentError("tensordot", "axes", "an integer or a pair [axesOfA, axesOfB]", axes);
    const list = (v: number | readonly number[]) => (typeof v === "number" ? [v] : Array.isArray(v) ? [...v] : [NaN]);
    ax = list(axes[0]).map((i) => normalizeAxis(i, x.ndim, "tensordot"));
    bx = list(axes[1]).map((i) => normalizeAxis(i, y.ndim, "tensordot"));
    if (ax.length !== bx.length) throw new ShapeError(`tensordot: ${ax.length} axes of a paired with ${bx.length} axes of b`);
    if (new Set(ax).size !== ax.length || new Set(bx).size !== bx.length) throw new ShapeError("tensordot: an axis is listed twice");
  }
  ax.forEach((i, k) => {
    if (x.shape[i] !== y.shape[bx[k]!])
      throw new ShapeError(`tensordot: axis ${i} of ${showShape(x.shape)} (size ${x.shape[i]}) does not match axis ${bx[k]} of ${showShape(y.shape)} (size ${y.shape[bx[k]!]})`);
  });
  const freeA = x.shape.map((_, i) => i).filter((i) => !ax.includes(i));
  const freeB = y.shape.map((_, i) => i).filter((i) => !bx.includes(i));
  const size = (t: Tensor, is: number[]) => is.reduce((p, i) => p * t.shape[i]!, 1);
  const k = size(x, ax);
  const xm = reshape(transpose(x, [...freeA, ...ax]), [size(x, freeA), k]);
  const ym = reshape(transpose(y, [...bx, ...freeB]), [k, size(y, freeB)]);
  return reshape(matmul(xm, ym), [...freeA.map((i) => x.shape[i]!), ...freeB.map((i) => y.shape[i]!)]);
}
