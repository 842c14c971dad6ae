import type { TypedArray } from "../core/dtype.js";
import type { Shape } from "../core/shape.js";
import { batchNormGradRowsWasm, batchNormRowsWasm, batchNormWasmFrom } from "./batch-norm-wasm.js";

/**
 * Which group (position along the kept axes) each element of a tensor of `shape` belongs to, and the
 * group count. NOTE: kept axes that are adjacent (the channel axis; lanes and channels under vmap)
 * view the tensor as [outer, count, inner] and need no index array (`group` null).
 */
export interface Groups {
  readonly count: number;
  readonly outer: number;
  readonly inner: number;
  readonly group: Int32Array | null;
}

/** The groups of a tensor of `shape` keeping axes `keep` (increasing). */
export function groupsOf(shape: Shape, keep: readonly number[]): Groups {
  const count = keep.reduce((c, a) => c * shape[a]!, 1);
  const adjacent = keep.every((a, i) => i === 0 || a === keep[i - 1]! + 1);
  if (adjacent) {
    const outer = shape.slice(0, keep[0]!).reduce((a, b) => a * b, 1);
    const inner = shape.slice(keep[keep.length - 1]! + 1).reduce((a, b) => a * b, 1);
    return { count, outer, inner, group: null };
  }
  return { count, outer: 0, inner: 0, group: groupIndex(shape, keep, count) };
}

/** The group of every element, row-major over the kept axes. */
function groupIndex(shape: Shape, keep: readonly number[], count: number): Int32Array {
  const size = shape.reduce((a, b) => a * b, 1);
  const group = new Int32Array(size);
  const stride = shape.map(() => 0);
  let c = count;
  for (const a of keep) stride[a] = c /= shape[a]!;
  const coord = shape.map(() => 0);
  let g = 0;
  for (let i = 0; i < size; i++) {
    group[i] = g;
    for (let a = shape.length - 1; a >= 0; a--) {
      if (++coord[a]! < shape[a]!) {
        g += stride[a]!;
        break;
      }
      g -= stride[a]! * (shape[a]! - 1);
      coord[a] = 0;
    }
  }
  return group;
}

/** Calls `f(i, g)` for every element i with its group g, in memory order. */
function forEach(groups: Groups, size: number, f: (i: number, g: number) => void): void {
  const { group, count, outer, inner } = groups;
  if (group !== null) {
    for (let i = 0; i < size; i++) f(i, group[i]!);
    return;
  }
  for (let o = 0, i = 0; o < outer; o++) for (let g = 0; g < count; g++) for (let e = 0; e < inner; e++, i++) f(i, g);
}

/**
 * Batch statistics and the normalised values: per group, mean μ = Σx/m and biased variance
 * v = Σ(x − μ)²/m (two passes, float64 sums), and x̂ = (x − μ)/√(v + eps), each result rounded once
 * to its array's dtype.
 */
export function batchNormForward(x: TypedArray, groups: Groups, eps: number, xhat: TypedArray, mean: TypedArray, variance: TypedArray): void {
  const count = groups.count;
  const s = new Float64Array(count);
  const q = new Float64Array(count);
  const m = x.length / count;
  const { group, outer, inner } = groups;
  // NOTE: the adjacent layout sums group by group (its runs of `inner` elements, `outer` of them
  // `count·inner` apart) into a local: each group's sum adds the same elements in the same order as
  // the index path (so the same bits); a callback per element cost ~2× as much.
  // NOTE: with one element per group and row (BatchNorm1d: [batch, channels]) the passes run row by
  // row over all groups, adding into the groups' sums in the same order (so the same bits): the
  // group-by-group loops then stride across rows with an inner loop of one element (~4× the time).
  const stride = count * inner;
  if (inner === 1 && group === null) return batchNormForwardRows(x, count, outer, eps, xhat, mean, variance, s, q);
  if (group === null) {
    for (let g = 0; g < count; g++) {
      let acc = 0;
      for (let o = 0, b = g * inner; o < outer; o++, b += stride) for (let e = b; e < b + inner; e++) acc += x[e]!;
      s[g] = acc;
    }
  } else forEach(groups, x.length, (i, g) => (s[g] += x[i]!));
  for (let g = 0; g < count; g++) s[g] /= m;
  if (group === null) {
    for (let g = 0; g < count; g++) {
      const mu = s[g]!;
      let acc = 0;
      for (let o = 0, b = g * inner; o < outer; o++, b += stride)
        for (let e = b; e < b + inner; e++) {
          const d = x[e]! - mu;
          acc += d * d;
        }
      q[g] = acc;
    }
  } else
    forEach(groups, x.length, (i, g) => {
      const d = x[i]! - s[g]!;
      q[g] += d * d;
    });
  finishStats(s, q, m, eps, mean, variance);
  if (group === null) {
    for (let g = 0; g < count; g++) {
      const mu = s[g]!;
      const r = q[g]!;
      for (let o = 0, b = g * inner; o < outer; o++, b += stride) for (let e = b; e < b + inner; e++) xhat[e] = (x[e]! - mu) * r;
    }
  } else forEach(groups, x.length, (i, g) => (xhat[i] = (x[i]! - s[g]!) * q[g]!));
}

/**
 * The cotangent of x̂ = (x − μ)/√(v + eps) with respect to x, from x̂, v and x̂'s cotangent ḡ:
 * x̄ = s·(ḡ − mean ḡ − x̂·mean(x̂ ḡ)) per group, s = 1/√(v + eps) (float64 sums, rounded once).
 */
export function batchNormBackward(xhat: TypedArray, variance: TypedArray, g: TypedArray, groups: Groups, eps: number, out: TypedArray): void {
  const count = groups.count;
  const a = new Float64Array(count);
  const b = new Float64Array(count);
  const m = xhat.length / count;
  const { group, outer, inner } = groups;
  const stride = count * inner;
  if (inner === 1 && group === null) return batchNormBackwardRows(xhat, variance, g, count, outer, eps, out, a, b);
  if (group === null) {
    for (let k = 0; k < count; k++) {
      let sa = 0;
      let sb = 0;
      for (let o = 0, r = k * inner; o < outer; o++, r += stride)
        for (let e = r; e < r + inner; e++) {
          const gi = g[e]!;
          sa += gi;
          sb += xhat[e]! * gi;
        }
      a[k] = sa;
      b[k] = sb;
    }
  } else
    forEach(groups, g.length, (i, k) => {
      a[k] += g[i]!;
      b[k] += xhat[i]! * g[i]!;
    });
  const s = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    a[k] /= m;
    b[k] /= m;
    s[k] = 1 / Math.sqrt(variance[k]! + eps);
  }
  if (group === null) {
    for (let k = 0; k < count; k++) {
      const sk = s[k]!;
      const ak = a[k]!;
      const bk = b[k]!;
      for (let o = 0, r = k * inner; o < outer; o++, r += stride) for (let e = r; e < r + inner; e++) out[e] = sk * (g[e]! - ak - xhat[e]! * bk);
    }
  } else forEach(groups, g.length, (i, k) => (out[i] = s[k]! * (g[i]! - a[k]! - xhat[i]! * b[k]!)));
}

/** `batchNormForward` for groups of one element per row (x is [rows, count]), row by row; `s` and `q` are zeroed scratch of `count`. */
function batchNormForwardRows(x: TypedArray, count: number, rows: number, eps: number, xhat: TypedArray, mean: TypedArray, variance: TypedArray, s: Float64Array, q: Float64Array): void {
  const n = rows * count;
  if (x instanceof Float32Array && n >= batchNormWasmFrom.elements && batchNormRowsWasm(x, rows, count, eps, xhat, mean, variance)) return;
  for (let b = 0; b < n; b += count) for (let g = 0; g < count; g++) s[g] += x[b + g]!;
  for (let g = 0; g < count; g++) s[g] /= rows;
  for (let b = 0; b < n; b += count)
    for (let g = 0; g < count; g++) {
      const d = x[b + g]! - s[g]!;
      q[g] += d * d;
    }
  finishStats(s, q, rows, eps, mean, variance);
  for (let b = 0; b < n; b += count) for (let g = 0; g < count; g++) xhat[b + g] = (x[b + g]! - s[g]!) * q[g]!;
}

/** `batchNormBackward` for groups of one element per row, row by row; `a` and `b` are zeroed scratch of `count`. */
function batchNormBackwardRows(xhat: TypedArray, variance: TypedArray, g: TypedArray, count: number, rows: number, eps: number, out: TypedArray, a: Float64Array, b: Float64Array): void {
  const n = rows * count;
  if (xhat instanceof Float32Array && variance instanceof Float32Array && g instanceof Float32Array && n >= batchNormWasmFrom.elements && batchNormGradRowsWasm(xhat, variance, g, rows, count, eps, out)) return;
  for (let r = 0; r < n; r += count)
    for (let k = 0; k < count; k++) {
      const gi = g[r + k]!;
      a[k] += gi;
      b[k] += xhat[r + k]! * gi;
    }
  const s = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    a[k] /= rows;
    b[k] /= rows;
    s[k] = 1 / Math.sqrt(variance[k]! + eps);
  }
  for (let r = 0; r < n; r += count) for (let k = 0; k < count; k++) out[r + k] = s[k]! * (g[r + k]! - a[k]! - xhat[r + k]! * b[k]!);
}

/** The statistics from the sums: mean = s (already divided), variance = q/m, and q becomes 1/√(v + eps) (float64, as the passes use it). */
function finishStats(s: Float64Array, q: Float64Array, m: number, eps: number, mean: TypedArray, variance: TypedArray): void {
  for (let g = 0; g < q.length; g++) {
    q[g] /= m;
    mean[g] = s[g]!;
    variance[g] = q[g]!;
    q[g] = 1 / Math.sqrt(q[g]! + eps);
  }
}
