import { allocArray, dtypeOfArray, type TypedArray } from "../../core/dtype.js";
import type { Shape } from "../../core/shape.js";
import type { ReduceOp } from "../backend.js";
import { transpose } from "./movement.js";

/**
 * Moves the reduced axes last (a transpose when needed) so every reduction becomes "reduce
 * contiguous rows of length `inner`", then runs one tight loop per op.
 */
function toRows(x: TypedArray, shape: Shape, axes: readonly number[]): { rows: TypedArray; outer: number; inner: number } {
  const keep = shape.map((_, i) => i).filter((i) => !axes.includes(i));
  let inner = 1;
  for (const a of axes) inner *= shape[a]!;
  const outer = inner === 0 ? keep.reduce((n, i) => n * shape[i]!, 1) : x.length / inner;
  const trailing = axes.every((a, j) => a === shape.length - axes.length + j);
  const rows = trailing ? x : transpose(x, shape, [...keep, ...axes]);
  return { rows, outer, inner };
}

/** Sum, max or min over `axes`. NOTE: max/min of an empty axis is -∞/+∞; NaN propagates. */
export function reduce(op: ReduceOp, x: TypedArray, shape: Shape, axes: readonly number[]): TypedArray {
  const dtype = dtypeOfArray(x);
  const outDtype = op === "sum" && dtype === "bool" ? "int32" : dtype;
  const { rows, outer, inner } = toRows(x, shape, axes);
  const out = allocArray(outDtype, outer);
  if (op === "sum") {
    for (let r = 0, p = 0; r < outer; r++) {
      let s = 0;
      for (let i = 0; i < inner; i++, p++) s += rows[p]!;
      out[r] = s;
    }
  } else if (op === "max") {
    for (let r = 0, p = 0; r < outer; r++) {
      let m = -Infinity;
      for (let i = 0; i < inner; i++, p++) {
        const v = rows[p]!;
        if (v > m || Number.isNaN(v)) m = v;
        if (Number.isNaN(m)) {
          p += inner - i;
          break;
        }
      }
      out[r] = m;
    }
  } else {
    for (let r = 0, p = 0; r < outer; r++) {
      let m = Infinity;
      for (let i = 0; i < inner; i++, p++) {
        const v = rows[p]!;
        if (v < m || Number.isNaN(v)) m = v;
        if (Number.isNaN(m)) {
          p += inner - i;
          break;
        }
      }
      out[r] = m;
    }
  }
  return out;
}

/** Index of the max/min along `axis`; the first on ties; a NaN wins (numpy semantics). */
export function argReduce(op: "argmax" | "argmin", x: TypedArray, shape: Shape, axis: number): Int32Array {
  const { rows, outer, inner } = toRows(x, shape, [axis]);
  const out = new Int32Array(outer);
  const better = op === "argmax" ? (a: number, b: number) => a > b : (a: number, b: number) => a < b;
  for (let r = 0; r < outer; r++) {
    const base = r * inner;
    let best = 0;
    let bv = rows[base]!;
    for (let i = 1; i < inner && !Number.isNaN(bv); i++) {
      const v = rows[base + i]!;
      if (better(v, bv) || Number.isNaN(v)) {
        best = i;
        bv = v;
      }
    }
    out[r] = best;
  }
  return out;
}
