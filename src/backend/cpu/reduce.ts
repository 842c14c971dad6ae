import { allocArray, dtypeOfArray, type TypedArray } from "../../core/dtype.js";
import type { Shape } from "../../core/shape.js";
import type { ReduceOp } from "../backend.js";

/**
 * `shape` with size-1 axes dropped and neighbouring axes of one kind (reduced or kept) merged:
 * alternating groups, e.g. [N, C, H, W] over axes 0, 2, 3 gives sizes [N, C, H·W], reduced
 * [true, false, true]. Reductions then run group by group over contiguous memory, with no transpose.
 */
export function reduceGroups(shape: Shape, axes: readonly number[]): { sizes: number[]; reduced: boolean[] } {
  const sizes: number[] = [];
  const reduced: boolean[] = [];
  shape.forEach((n, d) => {
    if (n === 1) return;
    const r = axes.includes(d);
    if (reduced.length > 0 && reduced[reduced.length - 1] === r) sizes[sizes.length - 1]! *= n;
    else {
      sizes.push(n);
      reduced.push(r);
    }
  });
  return { sizes, reduced };
}

/** out[r] = op of row r of `x` (rows of `len`); `out` has the rows' count. */
function reduceRows(op: ReduceOp, x: TypedArray, out: TypedArray, len: number): void {
  const rows = out.length;
  if (op === "sum") {
    // NOTE: four rows at a time, each summed in its own order (same bits as one row at a time):
    // four independent addition chains instead of one latency-bound chain (the CNN's two conv
    // bias gradients, sum over [0, 2, 3] of [128, 16, 28, 28] and [128, 32, 14, 14]: 0.85× the CPU time, paired, under load).
    let r = 0;
    let p = 0;
    for (; r + 4 <= rows; r += 4, p += 4 * len) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let i = p, end = p + len; i < end; i++) {
        s0 += x[i]!;
        s1 += x[i + len]!;
        s2 += x[i + 2 * len]!;
        s3 += x[i + 3 * len]!;
      }
      out[r] = s0;
      out[r + 1] = s1;
      out[r + 2] = s2;
      out[r + 3] = s3;
    }
    for (; r < rows; r++) {
      let s = 0;
      for (const end = p + len; p < end; p++) s += x[p]!;
      out[r] = s;
    }
  } else if (op === "max") {
    // NOTE: NaN propagates (v ≠ v picks it, and nothing is greater than it afterwards); empty gives −∞.
    for (let r = 0, p = 0; r < rows; r++) {
      let m = -Infinity;
      for (const end = p + len; p < end; p++) {
        const v = x[p]!;
        if (v > m || v !== v) m = v;
      }
      out[r] = m;
    }
  } else {
    for (let r = 0, p = 0; r < rows; r++) {
      let m = Infinity;
      for (const end = p + len; p < end; p++) {
        const v = x[p]!;
        if (v < m || v !== v) m = v;
      }
      out[r] = m;
    }
  }
}

/**
 * out[o, k] = op over r of x[o, r, k] for x of shape [outer, len, inner]: whole rows of `inner`
 * combined into the output row, in order of r (sums accumulate in the order the rows come).
 */
function reduceMiddle(op: ReduceOp, x: TypedArray, out: TypedArray, len: number, inner: number): void {
  const outer = out.length / inner;
  for (let o = 0; o < outer; o++) {
    const q = o * inner;
    let p = o * len * inner;
    out.set(x.subarray(p, p + inner), q);
    p += inner;
    for (let r = 1; r < len; r++, p += inner) {
      if (op === "sum") for (let k = 0; k < inner; k++) out[q + k]! += x[p + k]!;
      else if (op === "max")
        for (let k = 0; k < inner; k++) {
          const v = x[p + k]!;
          if (v > out[q + k]! || v !== v) out[q + k] = v;
        }
      else
        for (let k = 0; k < inner; k++) {
          const v = x[p + k]!;
          if (v < out[q + k]! || v !== v) out[q + k] = v;
        }
    }
  }
}

/**
 * Sum, max or min over `axes`. Reduced groups are removed one at a time from the right — a
 * trailing group as row reductions, an inner one by combining whole rows — so memory is read in
 * order and never transposed. Sums accumulate in float64 and round once.
 * NOTE: max/min of an empty axis is -∞/+∞; NaN propagates.
 */
export function reduce(op: ReduceOp, x: TypedArray, shape: Shape, axes: readonly number[]): TypedArray {
  const dtype = dtypeOfArray(x);
  const outDtype = op === "sum" && dtype === "bool" ? "int32" : dtype;
  let outSize = 1;
  let inSize = 1;
  shape.forEach((n, d) => {
    inSize *= n;
    if (!axes.includes(d)) outSize *= n;
  });
  const out = allocArray(outDtype, outSize);
  if (outSize === 0) return out;
  if (inSize === 0) return out.fill(op === "sum" ? 0 : op === "max" ? -Infinity : Infinity);
  const { sizes, reduced } = reduceGroups(shape, axes);
  // Intermediates hold float64 sums (the final rounding happens once), else the input's dtype.
  const scratch = (n: number): TypedArray => (op === "sum" ? new Float64Array(n) : allocArray(dtype, n));
  let cur = x;
  let size = inSize;
  for (let g = sizes.length - 1; g >= 0; g--) {
    if (!reduced[g]) continue;
    const len = sizes[g]!;
    let inner = 1; // the kept groups to the right (reduced ones there are gone already)
    for (let h = g + 1; h < sizes.length; h++) if (!reduced[h]) inner *= sizes[h]!;
    size /= len;
    const next = size === outSize ? (op === "sum" && dtype === "float32" ? scratch(size) : out) : scratch(size);
    if (inner === 1) reduceRows(op, cur, next, len);
    else reduceMiddle(op, cur, next, len, inner);
    cur = next;
  }
  if (cur !== out) out.set(cur);
  return out;
}

/** Index of the max/min along `axis`; the first on ties; the first NaN wins (numpy semantics). */
export function argReduce(op: "argmax" | "argmin", x: TypedArray, shape: Shape, axis: number): Int32Array {
  let outer = 1;
  let inner = 1;
  shape.forEach((n, d) => {
    if (d < axis) outer *= n;
    else if (d > axis) inner *= n;
  });
  const len = shape[axis]!;
  const out = new Int32Array(outer * inner);
  if (out.length === 0 || len === 0) return out;
  if (inner === 1) {
    if (op === "argmax") argRowsMax(x, out, len);
    else argRowsMin(x, out, len);
  } else {
    const best = allocArray(dtypeOfArray(x), inner);
    for (let o = 0; o < outer; o++) {
      const base = o * len * inner;
      best.set(x.subarray(base, base + inner));
      const idx = out.subarray(o * inner, (o + 1) * inner);
      for (let r = 1, p = base + inner; r < len; r++, p += inner) {
        if (op === "argmax") argStepMax(x, p, best, idx, r);
        else argStepMin(x, p, best, idx, r);
      }
    }
  }
  return out;
}

// The row and step loops below, one per op so each comparison is a literal in its loop. A lane
// whose best is NaN never changes (every comparison with NaN is false, and `b === b` fails).

function argRowsMax(x: TypedArray, out: Int32Array, len: number): void {
  for (let r = 0; r < out.length; r++) {
    const base = r * len;
    let bi = 0;
    let bv = x[base]!;
    for (let i = 1; i < len && bv === bv; i++) {
      const v = x[base + i]!;
      if (v > bv || v !== v) {
        bi = i;
        bv = v;
      }
    }
    out[r] = bi;
  }
}

function argRowsMin(x: TypedArray, out: Int32Array, len: number): void {
  for (let r = 0; r < out.length; r++) {
    const base = r * len;
    let bi = 0;
    let bv = x[base]!;
    for (let i = 1; i < len && bv === bv; i++) {
      const v = x[base + i]!;
      if (v < bv || v !== v) {
        bi = i;
        bv = v;
      }
    }
    out[r] = bi;
  }
}

function argStepMax(x: TypedArray, p: number, best: TypedArray, idx: Int32Array, r: number): void {
  for (let k = 0; k < best.length; k++) {
    const v = x[p + k]!;
    const b = best[k]!;
    if ((v > b || v !== v) && b === b) {
      best[k] = v;
      idx[k] = r;
    }
  }
}

function argStepMin(x: TypedArray, p: number, best: TypedArray, idx: Int32Array, r: number): void {
  for (let k = 0; k < best.length; k++) {
    const v = x[p + k]!;
    const b = best[k]!;
    if ((v < b || v !== v) && b === b) {
      best[k] = v;
      idx[k] = r;
    }
  }
}
