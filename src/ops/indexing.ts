import { ArgumentError, ShapeError } from "../core/errors.js";
import { argumentError, checkIntegerArray, checkOptions, showValue } from "../core/validate.js";
import { checkDType } from "../core/dtype.js";
import { MAX_ELEMENTS, normalizeAxis, showShape } from "../core/shape.js";
import { add as addPrim } from "../primitives/binary/add.js";
import { equal as equalPrim } from "../primitives/compare/equal.js";
import { less as lessPrim } from "../primitives/compare/less.js";
import { gather as gatherPrim } from "../primitives/movement/gather.js";
import { pad as padPrim } from "../primitives/movement/pad.js";
import { reshape as reshapePrim } from "../primitives/movement/reshape.js";
import { slice as slicePrim } from "../primitives/movement/slice.js";
import { cast } from "../primitives/other/cast.js";
import { where as wherePrim } from "../primitives/other/where.js";
import type { DType } from "../core/dtype.js";
import { arange, full, tensor } from "../tensor/creation.js";
import type { Tensor } from "../tensor/tensor.js";
import { requireInt, toTensor, type TensorLike } from "./tensor-like.js";

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** Indices as an int32 tensor: a number, an array of numbers, or an int32 tensor. */
export function toIndices(indices: TensorLike | readonly number[], op: string): Tensor {
  if (Array.isArray(indices)) {
    // NOTE: indices are int32; a JS number outside its range is refused here, naming `op`.
    if (!indices.every((i) => Number.isInteger(i) && i >= INT32_MIN && i <= INT32_MAX))
      throw new ArgumentError(`${op}: indices must be integers in the int32 range [${INT32_MIN}, ${INT32_MAX}], got ${showValue(indices)}`);
    return tensor(indices as number[], { dtype: "int32" });
  }
  if (typeof indices === "number") {
    if (!Number.isInteger(indices) || indices < INT32_MIN || indices > INT32_MAX)
      throw new ArgumentError(`${op}: an index must be an integer in the int32 range [${INT32_MIN}, ${INT32_MAX}], got ${showValue(indices)}`);
    return full([], indices, { dtype: "int32" });
  }
  return requireInt(toTensor(indices as TensorLike, undefined, op), op, "indices");
}

/**
 * A rectangular block: `size[i]` elements from `begin[i]` on each axis. `size[i] = -1` means
 * "to the end"; a negative `begin[i]` counts from the end; missing trailing entries take the
 * whole axis.
 *
 * @example
 * slice(arange(10), [2], [3]); // [2, 3, 4]
 * slice(zeros([4, 5]), [1, 0], [-1, 2]); // shape [3, 2]
 */
export function slice(x: TensorLike, begin: readonly number[], size?: readonly number[]): Tensor {
  const t = toTensor(x, undefined, "slice");
  checkIntegerArray(begin, "slice", "begin");
  if (size !== undefined) checkIntegerArray(size, "slice", "size", -1);
  const fail = () =>
    new ShapeError(`slice: begin ${showShape(begin)} and size ${showShape(size ?? [])} do not fit in a tensor of shape ${showShape(t.shape)}`);
  if (begin.length > t.ndim || (size !== undefined && size.length > t.ndim)) throw fail();
  const b = t.shape.map((d, i) => {
    const v = begin[i] ?? 0;
    return v < 0 ? v + d : v;
  });
  const s = t.shape.map((d, i) => {
    const v = size?.[i] ?? -1;
    return v === -1 ? d - b[i]! : v;
  });
  if (t.shape.some((d, i) => !Number.isInteger(b[i]) || !Number.isInteger(s[i]) || b[i]! < 0 || s[i]! < 0 || b[i]! + s[i]! > d)) throw fail();
  return slicePrim(t, b, s);
}

/**
 * Pads with a constant: `widths[i] = [before, after]` for every axis i.
 *
 * @example
 * pad(tensor([1, 2]), [[1, 2]]); // [0, 1, 2, 0, 0]
 */
export function pad(x: TensorLike, widths: readonly (readonly [number, number])[], value = 0): Tensor {
  const t = toTensor(x, undefined, "pad");
  if (!Array.isArray(widths)) throw argumentError("pad", "widths", "an array of [before, after] pairs", widths);
  widths.forEach((w, i) => checkIntegerArray(w, "pad", `widths[${i}]`, 0));
  if (typeof value !== "number") throw argumentError("pad", "value", "a number", value);
  if (widths.length !== t.ndim)
    throw new ShapeError(`pad: expected ${t.ndim} [before, after] pairs for shape ${showShape(t.shape)}, got ${widths.length}`);
  return padPrim(t, widths, value);
}

/**
 * Selects entries along `axis` (default 0): the result has x's shape with that axis replaced by
 * the shape of `indices`. Negative indices count from the end; repeated ones accumulate gradient.
 *
 * @example
 * gather(tensor([10, 20, 30]), [2, -3]); // [30, 10]
 * gather(tensor([[1, 2], [3, 4]]), [1], 1); // [[2], [4]]
 */
export function gather(x: TensorLike, indices: TensorLike | readonly number[], axis = 0): Tensor {
  const t = toTensor(x, undefined, "gather");
  const a = normalizeAxis(axis, t.ndim, "gather");
  const n = t.shape[a]!;
  let idx = toIndices(indices, "gather");
  const data = concreteData(idx);
  if (data !== null) {
    let negative = false;
    for (let i = 0; i < data.length; i++) {
      const v = data[i]!;
      if (v < -n || v >= n) throw new ArgumentError(`gather: index ${v} is out of range for axis ${a} of size ${n} (shape ${showShape(t.shape)})`);
      if (v < 0) negative = true;
    }
    if (!negative) return gatherPrim(t, idx, a);
  }
  const zero = full([], 0, { dtype: "int32" });
  idx = wherePrim(lessPrim(idx, zero), addPrim(idx, full([], n, { dtype: "int32" })), idx);
  return gatherPrim(t, idx, a);
}

/** The values under any tracer layers, or null when there are none (a symbolic trace). */
function concreteData(t: Tensor): ArrayLike<number> | null {
  let c: Tensor | null = t;
  while (c !== null && c._data === null) c = c._primal;
  return c === null ? null : c._data;
}

/** Options of `oneHot`. */
export interface OneHotOptions {
  /** Element type of the result (default float32). */
  dtype?: DType;
}

/**
 * Rows of the identity: out[..., k] = 1 where indices[...] = k, with shape [...indices.shape, depth].
 * NOTE: indices outside [0, depth) give a row of zeros (JAX's and TF's convention).
 *
 * @example
 * oneHot([0, 2], 3); // [[1, 0, 0], [0, 0, 1]]
 */
export function oneHot(indices: TensorLike | readonly number[], depth: number, opts: OneHotOptions = {}): Tensor {
  if (!Number.isInteger(depth) || depth < 0 || depth > MAX_ELEMENTS)
    throw new ArgumentError(`oneHot: depth must be an integer in [0, ${MAX_ELEMENTS}] (MAX_ELEMENTS), got ${showValue(depth)}`);
  const dtype = checkDType(checkOptions<OneHotOptions>(opts, "oneHot").dtype ?? "float32", "oneHot");
  const idx = toIndices(indices, "oneHot");
  const column = reshapePrim(idx, [...idx.shape, 1]);
  return cast(equalPrim(column, arange(depth, undefined, 1, { dtype: "int32" })), dtype);
}

