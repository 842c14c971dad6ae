import { ShapeError } from "../core/errors.js";
import { sizeOf } from "../core/shape.js";
import { fromData } from "../tensor/creation.js";
import type { Tensor } from "../tensor/tensor.js";
import { callWith, flattenValues, unflattenValues, type AnyFunction } from "../transforms/tree-values.js";

/** `f` on flat argument leaves, with the leaves and their offsets in the concatenated input vector. */
export interface FlatCall {
  readonly call: (xs: Tensor[]) => unknown;
  readonly leaves: Tensor[];
  readonly offsets: number[];
  /** The total number of input elements. */
  readonly size: number;
}

/** Flattens the arguments of `f` (NOTE: the Jacobian's columns are the flattened arguments' elements, concatenated). */
export function flatCall(f: AnyFunction, args: readonly unknown[], fn: string): FlatCall {
  const [leaves, def] = flattenValues(args, `${fn} arguments`);
  const offsets: number[] = [];
  let size = 0;
  for (const l of leaves) {
    offsets.push(size);
    size += sizeOf(l.shape);
  }
  return { call: (xs) => callWith(f, unflattenValues(def, xs) as unknown[]), leaves, offsets, size };
}

/** Splits a seed vector over the leaves: ones where `pick(i)` for the i-th element overall (null for non-float leaves). */
export function seedLeaves(like: readonly Tensor[], pick: (i: number) => boolean): (Tensor | null)[] {
  let at = 0;
  return like.map((l) => {
    const n = sizeOf(l.shape);
    const data = l.dtype === "float32" ? new Float32Array(n) : new Float64Array(n);
    for (let e = 0; e < n; e++) if (pick(at + e)) data[e] = 1;
    at += n;
    return l.dtype === "float32" || l.dtype === "float64" ? fromData(data, l.shape, l.dtype) : null;
  });
}

/** Concatenates the elements of tensors into one float64 vector of the expected length. */
export function concatData(ts: readonly Tensor[], expected: number, fn: string, what: string): Float64Array {
  const out = new Float64Array(expected);
  let at = 0;
  for (const t of ts) {
    const d = t.data();
    if (at + d.length > expected) break;
    for (let e = 0; e < d.length; e++) out[at + e] = d[e]!;
    at += d.length;
  }
  const total = ts.reduce((s, t) => s + sizeOf(t.shape), 0);
  if (total !== expected) throw new ShapeError(`${fn}: f's ${what} has ${total} elements, its sparsity pattern ${expected}`);
  return out;
}
