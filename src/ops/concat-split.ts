import { checkIntegerArray } from "../core/validate.js";
import { ShapeError } from "../core/errors.js";
import { normalizeAxis, shapesEqual, showShape } from "../core/shape.js";
import { concat as concatPrim } from "../primitives/movement/concat.js";
import { slice as slicePrim } from "../primitives/movement/slice.js";
import type { Tensor } from "../tensor/tensor.js";
import { unsqueeze } from "./shape-ops.js";
import { promoteAll, toTensor, type TensorLike } from "./tensor-like.js";

/**
 * Joins tensors along an existing axis (negative allowed); the other axes must agree. Dtypes are
 * promoted to a common one.
 *
 * @example
 * concat([zeros([2, 3]), ones([2, 1])], 1); // shape [2, 4]
 */
export function concat(xs: readonly TensorLike[], axis = 0): Tensor {
  if (!Array.isArray(xs) || xs.length === 0) throw new ShapeError("concat: expected a non-empty array of tensors");
  const ts = promoteAll(xs, "concat");
  const ndim = ts[0]!.ndim;
  if (ndim === 0) throw new ShapeError("concat: cannot concatenate rank-0 tensors (use stack)");
  ts.forEach((t, k) => {
    if (t.ndim !== ndim)
      throw new ShapeError(`concat: tensor ${k} has shape ${showShape(t.shape)}, tensor 0 has ${showShape(ts[0]!.shape)} (ranks differ)`);
  });
  return concatPrim(ts, normalizeAxis(axis, ndim, "concat"));
}

/**
 * Joins tensors of equal shape along a new axis (negative counts from the end of the result).
 *
 * @example
 * stack([tensor([1, 2]), tensor([3, 4])], 1); // [[1, 3], [2, 4]]
 */
export function stack(xs: readonly TensorLike[], axis = 0): Tensor {
  if (!Array.isArray(xs) || xs.length === 0) throw new ShapeError("stack: expected a non-empty array of tensors");
  const ts = promoteAll(xs, "stack");
  ts.forEach((t, k) => {
    if (!shapesEqual(t.shape, ts[0]!.shape))
      throw new ShapeError(`stack: tensor ${k} has shape ${showShape(t.shape)}, tensor 0 has ${showShape(ts[0]!.shape)}; all must be equal`);
  });
  const a = normalizeAxis(axis, ts[0]!.ndim + 1, "stack");
  return concatPrim(ts.map((t) => unsqueeze(t, a)), a);
}

/**
 * Splits along `axis` into `n` equal parts, or into parts of the given `sizes`.
 *
 * @example
 * split(arange(6), 3); // [[0, 1], [2, 3], [4, 5]]
 * split(arange(6), [1, 5]); // [[0], [1, 2, 3, 4, 5]]
 */
export function split(x: TensorLike, sizesOrCount: number | readonly number[], axis = 0): Tensor[] {
  const t = toTensor(x, undefined, "split");
  const a = normalizeAxis(axis, t.ndim, "split");
  const d = t.shape[a]!;
  let sizes: readonly number[];
  if (typeof sizesOrCount !== "number") checkIntegerArray(sizesOrCount, "split", "sizesOrCount", 0);
  if (typeof sizesOrCount === "number") {
    if (!Number.isInteger(sizesOrCount) || sizesOrCount <= 0 || d % sizesOrCount !== 0)
      throw new ShapeError(`split: cannot split axis ${a} of size ${d} (shape ${showShape(t.shape)}) into ${sizesOrCount} equal parts`);
    sizes = new Array<number>(sizesOrCount).fill(d / sizesOrCount);
  } else {
    sizes = sizesOrCount;
    if (sizes.some((s) => !Number.isInteger(s) || s < 0) || sizes.reduce((p, s) => p + s, 0) !== d)
      throw new ShapeError(`split: sizes ${showShape(sizes)} must be non-negative integers summing to ${d}, the size of axis ${a} of ${showShape(t.shape)}`);
  }
  let offset = 0;
  return sizes.map((s) => {
    const begin = t.shape.map((_, i) => (i === a ? offset : 0));
    offset += s;
    return slicePrim(t, begin, t.shape.map((dim, i) => (i === a ? s : dim)));
  });
}
