import { argumentError, checkIntegerArray } from "../core/validate.js";
import { ShapeError } from "../core/errors.js";
import { checkSize, normalizeAxes, normalizeAxis, showShape } from "../core/shape.js";
import { broadcastTo as broadcastToPrim } from "../primitives/movement/broadcast-to.js";
import { flip as flipPrim } from "../primitives/movement/flip.js";
import { reshape as reshapePrim } from "../primitives/movement/reshape.js";
import { transpose as transposePrim } from "../primitives/movement/transpose.js";
import type { Tensor } from "../tensor/tensor.js";
import { toTensor, type AxisArg, type TensorLike } from "./tensor-like.js";

/**
 * The same elements in a new shape (row-major); one entry may be −1 (inferred).
 *
 * @example
 * reshape(arange(6), [2, -1]); // shape [2, 3]
 */
export function reshape(x: TensorLike, shape: readonly number[]): Tensor {
  return reshapePrim(toTensor(x, undefined, "reshape"), checkIntegerArray(shape, "reshape", "shape", -1));
}

/**
 * Merges axes `startAxis..endAxis` (inclusive, negative allowed) into one; by default all, giving 1-D.
 *
 * @example
 * flatten(zeros([2, 3, 4]), 1); // shape [2, 12]
 */
export function flatten(x: TensorLike, startAxis = 0, endAxis = -1): Tensor {
  const t = toTensor(x, undefined, "flatten");
  if (t.ndim === 0) return reshapePrim(t, [1]);
  const s = normalizeAxis(startAxis, t.ndim, "flatten");
  const e = normalizeAxis(endAxis, t.ndim, "flatten");
  if (s > e) throw new ShapeError(`flatten: startAxis ${startAxis} comes after endAxis ${endAxis} for shape ${showShape(t.shape)}`);
  const merged = t.shape.slice(s, e + 1).reduce((a, b) => a * b, 1);
  return reshapePrim(t, [...t.shape.slice(0, s), merged, ...t.shape.slice(e + 1)]);
}

/**
 * Removes axes of size 1: the given ones (an error if one is not of size 1), or all when omitted.
 *
 * @example
 * squeeze(zeros([1, 3, 1]), 0); // shape [3, 1]
 */
export function squeeze(x: TensorLike, axis?: AxisArg): Tensor {
  const t = toTensor(x, undefined, "squeeze");
  const axes =
    axis === undefined || axis === null ? t.shape.flatMap((d, i) => (d === 1 ? [i] : [])) : normalizeAxes(axis, t.ndim, "squeeze");
  for (const a of axes)
    if (t.shape[a] !== 1) throw new ShapeError(`squeeze: axis ${a} of shape ${showShape(t.shape)} has size ${t.shape[a]}, expected 1`);
  return reshapePrim(t, t.shape.filter((_, i) => !axes.includes(i)));
}

/**
 * Inserts axes of size 1 at `axis` (positions in the result; negative counts from its end).
 *
 * @example
 * unsqueeze(zeros([3]), 0); // shape [1, 3]
 * unsqueeze(zeros([3]), -1); // shape [3, 1]
 */
export function unsqueeze(x: TensorLike, axis: number | readonly number[]): Tensor {
  const t = toTensor(x, undefined, "unsqueeze");
  if (typeof axis !== "number" && !Array.isArray(axis)) throw argumentError("unsqueeze", "axis", "an integer or an array of integers", axis);
  const list: readonly number[] = typeof axis === "number" ? [axis] : axis;
  const axes = normalizeAxes(list, t.ndim + list.length, "unsqueeze");
  const shape: number[] = [];
  let k = 0;
  for (let i = 0; i < t.ndim + axes.length; i++) shape.push(axes.includes(i) ? 1 : t.shape[k++]!);
  return reshapePrim(t, shape);
}

/**
 * Repeats `x` along new leading axes and axes of size 1 to reach `shape` (numpy broadcasting).
 *
 * @example
 * broadcastTo(tensor([1, 2]), [3, 2]); // [[1, 2], [1, 2], [1, 2]]
 */
export function broadcastTo(x: TensorLike, shape: readonly number[]): Tensor {
  const t = toTensor(x, undefined, "broadcastTo");
  checkIntegerArray(shape, "broadcastTo", "shape", 0);
  if (shape.length < t.ndim)
    throw new ShapeError(`broadcastTo: cannot broadcast ${showShape(t.shape)} to the lower-rank shape ${showShape(shape)}`);
  checkSize(shape, "broadcastTo");
  return broadcastToPrim(t, shape);
}

/**
 * Permutes axes: output axis i is input axis perm[i] (negative allowed); reverses them by default.
 *
 * @example
 * transpose(zeros([2, 3, 4])); // shape [4, 3, 2]
 * transpose(zeros([2, 3, 4]), [0, 2, 1]); // shape [2, 4, 3]
 */
export function transpose(x: TensorLike, perm?: readonly number[]): Tensor {
  const t = toTensor(x, undefined, "transpose");
  if (perm === undefined) return transposePrim(t, t.shape.map((_, i) => t.ndim - 1 - i));
  checkIntegerArray(perm, "transpose", "perm");
  if (perm.length !== t.ndim)
    throw new ShapeError(`transpose: perm ${showShape(perm)} must list each of the ${t.ndim} axes of ${showShape(t.shape)} once`);
  const p = perm.map((a) => normalizeAxis(a, t.ndim, "transpose"));
  if (new Set(p).size !== p.length) throw new ShapeError(`transpose: perm ${showShape(perm)} repeats an axis`);
  return transposePrim(t, p);
}

/**
 * Reverses the order of elements along `axis` (all axes when omitted).
 *
 * @example
 * flip(tensor([1, 2, 3])); // [3, 2, 1]
 */
export function flip(x: TensorLike, axis?: AxisArg): Tensor {
  const t = toTensor(x, undefined, "flip");
  const axes = normalizeAxes(axis, t.ndim, "flip");
  return axes.length === 0 ? t : flipPrim(t, axes);
}
