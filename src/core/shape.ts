import { ShapeError } from "./errors.js";
import { argumentError, describeValue } from "./validate.js";

/** A tensor shape: one non-negative integer per axis. */
export type Shape = readonly number[];

/** Number of elements of a shape (1 for a scalar). */
export function sizeOf(shape: Shape): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i]!;
  return n;
}

/** Row-major (C-order) strides of a shape, in elements. */
export function stridesOf(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  return strides;
}

/** True when two shapes are equal. */
export function shapesEqual(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Formats a shape the way error messages print it: `[2, 3]`. */
export function showShape(shape: Shape): string {
  return `[${shape.join(", ")}]`;
}

/** Numpy broadcasting of two shapes; throws a ShapeError naming `op` and both shapes. */
export function broadcastShapes(a: Shape, b: Shape, op = "broadcast"): number[] {
  if (shapesEqual(a, b)) return a.slice();
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = i < n - a.length ? 1 : a[i - (n - a.length)]!;
    const db = i < n - b.length ? 1 : b[i - (n - b.length)]!;
    if (da === db || db === 1) out[i] = da;
    else if (da === 1) out[i] = db;
    else
      throw new ShapeError(
        `${op}: shapes ${showShape(a)} and ${showShape(b)} cannot be broadcast together (axis ${i - n}: ${da} vs ${db})`,
      );
  }
  return out;
}

/** Normalises a possibly negative axis for a tensor of rank `ndim`; throws on non-integer or out-of-range axes. */
export function normalizeAxis(axis: number, ndim: number, op = "op", arg = "axis"): number {
  if (!Number.isInteger(axis)) throw argumentError(op, arg, "an integer", axis);
  const a = axis < 0 ? axis + ndim : axis;
  if (a < 0 || a >= ndim)
    throw new ShapeError(`${op}: ${arg} ${axis} is out of range for a tensor of rank ${ndim} (valid: ${-ndim}..${ndim - 1})`);
  return a;
}

/**
 * Normalises an axis argument (undefined = all axes) to sorted, unique, non-negative axes.
 * NOTE: anything but an integer, an array of integers, undefined or null is an ArgumentError naming
 * `op`; the check is O(number of axes).
 */
export function normalizeAxes(axis: number | readonly number[] | undefined | null, ndim: number, op = "op", arg = "axis"): number[] {
  if (axis === undefined || axis === null) return Array.from({ length: ndim }, (_, i) => i);
  if (typeof axis !== "number" && !Array.isArray(axis))
    throw argumentError(op, arg, "an integer or an array of integers", axis);
  if (typeof axis === "number") return [normalizeAxis(axis, ndim, op, arg)];
  const list: readonly number[] = axis;
  const out = new Array<number>(list.length);
  for (let i = 0; i < list.length; i++) {
    const a = list[i];
    if (!Number.isInteger(a)) throw argumentError(op, `${arg}[${i}]`, "an integer", a);
    out[i] = normalizeAxis(a!, ndim, op, arg);
  }
  const sorted = [...new Set(out)].sort((x, y) => x - y);
  if (sorted.length !== out.length) throw new ShapeError(`${op}: repeated ${arg} in ${showShape(list)}`);
  return sorted;
}

/** Shape after reducing `axes` (sorted, non-negative), keeping them as size 1 when `keepdims`. */
export function reducedShape(shape: Shape, axes: readonly number[], keepdims: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < shape.length; i++) {
    if (axes.includes(i)) {
      if (keepdims) out.push(1);
    } else out.push(shape[i]!);
  }
  return out;
}

/**
 * The axes of `outShape` along which a value of shape `inShape` was broadcast, as (axes to sum,
 * whether leading axes were added). Summing a cotangent over these and reshaping undoes broadcasting.
 */
export function broadcastAxes(inShape: Shape, outShape: Shape): number[] {
  const lead = outShape.length - inShape.length;
  const axes: number[] = [];
  for (let i = 0; i < outShape.length; i++) {
    if (i < lead) axes.push(i);
    else if (inShape[i - lead] === 1 && outShape[i] !== 1) axes.push(i);
  }
  return axes;
}

/** Resolves a reshape target with at most one -1 for a tensor of `size` elements. */
export function resolveReshape(shape: readonly number[], size: number, from: Shape): number[] {
  let unknown = -1;
  let known = 1;
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i]!;
    if (d === -1) {
      if (unknown >= 0) throw new ShapeError(`reshape: only one -1 is allowed, got ${showShape(shape)}`);
      unknown = i;
    } else if (!Number.isInteger(d) || d < 0) {
      throw new ShapeError(`reshape: invalid dimension ${d} in ${showShape(shape)}`);
    } else known *= d;
  }
  const out = shape.slice();
  if (unknown >= 0) {
    if (known === 0 || size % known !== 0)
      throw new ShapeError(`reshape: cannot reshape ${showShape(from)} (${size} elements) into ${showShape(shape)}`);
    out[unknown] = size / known;
  } else if (known !== size) {
    throw new ShapeError(`reshape: cannot reshape ${showShape(from)} (${size} elements) into ${showShape(shape)}`);
  }
  return out;
}

/** Checks that a user-supplied shape is an array of non-negative integers; the error names `where` and the bad entry. */
export function checkShape(shape: unknown, where: string): number[] {
  if (!Array.isArray(shape)) throw new ShapeError(`${where}: shape must be an array of non-negative integers, got ${describeValue(shape)}`);
  for (let i = 0; i < shape.length; i++) {
    const d: unknown = shape[i];
    if (!Number.isInteger(d) || (d as number) < 0)
      throw new ShapeError(`${where}: shape[${i}] must be a non-negative integer, got ${describeValue(d)}`);
  }
  checkSize(shape as number[], where);
  return shape as number[];
}

/**
 * The most elements a tensor may have: 2³¹ − 1.
 * NOTE: a documented limit rather than the engine's (V8 allows longer typed arrays): every element
 * must be addressable by an int32 index (`argmax`, `gather`), and at 4–8 bytes an element this is
 * already 8–16 GiB.
 */
export const MAX_ELEMENTS = 2147483647;

/** Checks that a shape's element count is at most `MAX_ELEMENTS`; the error names `where` and the shape. */
export function checkSize(shape: Shape, where: string): number {
  const n = sizeOf(shape);
  if (!(n <= MAX_ELEMENTS))
    throw new ShapeError(`${where}: shape ${showShape(shape)} has ${n} elements, more than a tensor may have (${MAX_ELEMENTS}, 2³¹ − 1)`);
  return n;
}
