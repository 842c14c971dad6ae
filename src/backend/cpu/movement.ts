import { allocArray, dtypeOfArray, type TypedArray } from "../../core/dtype.js";
import { sizeOf, stridesOf, type Shape } from "../../core/shape.js";
import { broadcastStrides, forEachRow } from "./broadcast-index.js";

/** Reads `x` through arbitrary per-axis strides into a new contiguous array of `outShape`. */
function gatherStrided(x: TypedArray, start: number, strides: readonly number[], outShape: Shape): TypedArray {
  const out = allocArray(dtypeOfArray(x), sizeOf(outShape));
  const inner = strides[strides.length - 1] ?? 0;
  forEachRow(outShape, [strides], (offs, o, n) => {
    let p = start + offs[0]!;
    if (inner === 1) for (let i = 0; i < n; i++) out[o + i] = x[p + i]!;
    else for (let i = 0; i < n; i++, p += inner) out[o + i] = x[p]!;
  });
  return out;
}

/** Permutes axes. */
export function transpose(x: TypedArray, shape: Shape, perm: readonly number[]): TypedArray {
  const st = stridesOf(shape);
  const outShape = perm.map((p) => shape[p]!);
  if (shape.length === 2 && perm[0] === 1) {
    const [r, c] = shape as [number, number];
    const out = allocArray(dtypeOfArray(x), x.length);
    const B = 32;
    for (let i0 = 0; i0 < r; i0 += B)
      for (let j0 = 0; j0 < c; j0 += B)
        for (let i = i0; i < Math.min(i0 + B, r); i++)
          for (let j = j0; j < Math.min(j0 + B, c); j++) out[j * r + i] = x[i * c + j]!;
    return out;
  }
  return gatherStrided(x, 0, perm.map((p) => st[p]!), outShape);
}

/** Broadcasts to `outShape`. */
export function broadcastTo(x: TypedArray, shape: Shape, outShape: Shape): TypedArray {
  if (x.length === 1) {
    const out = allocArray(dtypeOfArray(x), sizeOf(outShape));
    out.fill(x[0]!);
    return out;
  }
  return gatherStrided(x, 0, broadcastStrides(shape, outShape), outShape);
}

/** A rectangular block. */
export function slice(x: TypedArray, shape: Shape, begin: readonly number[], size: readonly number[]): TypedArray {
  const st = stridesOf(shape);
  let start = 0;
  for (let i = 0; i < shape.length; i++) start += begin[i]! * st[i]!;
  return gatherStrided(x, start, st, size);
}

/** Constant padding. */
export function pad(x: TypedArray, shape: Shape, widths: readonly (readonly [number, number])[], value: number): TypedArray {
  const outShape = shape.map((d, i) => d + widths[i]![0] + widths[i]![1]);
  const out = allocArray(dtypeOfArray(x), sizeOf(outShape));
  if (value !== 0) out.fill(value);
  const ost = stridesOf(outShape);
  let start = 0;
  for (let i = 0; i < shape.length; i++) start += widths[i]![0] * ost[i]!;
  forEachRow(shape, [ost], (offs, o, n) => {
    const p = start + offs[0]!;
    for (let i = 0; i < n; i++) out[p + i] = x[o + i]!;
  });
  return out;
}

/** Concatenation along `axis`. */
export function concat(xs: readonly TypedArray[], shapes: readonly Shape[], axis: number): TypedArray {
  const outShape = shapes[0]!.slice();
  outShape[axis] = shapes.reduce((n, s) => n + s[axis]!, 0);
  const out = allocArray(dtypeOfArray(xs[0]!), sizeOf(outShape));
  let outer = 1;
  for (let i = 0; i < axis; i++) outer *= outShape[i]!;
  const rowOut = sizeOf(outShape.slice(axis));
  let offset = 0;
  xs.forEach((x, k) => {
    const row = sizeOf(shapes[k]!.slice(axis));
    for (let r = 0; r < outer; r++) out.set(x.subarray(r * row, (r + 1) * row), r * rowOut + offset);
    offset += row;
  });
  return out;
}

/** Reverses `axes`. */
export function flip(x: TypedArray, shape: Shape, axes: readonly number[]): TypedArray {
  const st = stridesOf(shape);
  let start = 0;
  const strides = st.map((s, i) => {
    if (!axes.includes(i)) return s;
    start += (shape[i]! - 1) * s;
    return -s;
  });
  return gatherStrided(x, start, strides, shape);
}

/** Selects `indices` along `axis`. */
export function gather(x: TypedArray, shape: Shape, indices: Int32Array, indicesShape: Shape, axis: number): TypedArray {
  const outer = sizeOf(shape.slice(0, axis));
  const inner = sizeOf(shape.slice(axis + 1));
  const n = shape[axis]!;
  const k = indices.length;
  const out = allocArray(dtypeOfArray(x), outer * k * inner);
  void indicesShape;
  for (let o = 0; o < outer; o++)
    for (let j = 0; j < k; j++) {
      const src = (o * n + indices[j]!) * inner;
      const dst = (o * k + j) * inner;
      for (let i = 0; i < inner; i++) out[dst + i] = x[src + i]!;
    }
  return out;
}

/** Adds slices of `updates` into zeros of `outShape` at `indices` along `axis` (transpose of gather). */
export function scatterAdd(updates: TypedArray, indices: Int32Array, indicesShape: Shape, axis: number, outShape: Shape): TypedArray {
  const outer = sizeOf(outShape.slice(0, axis));
  const inner = sizeOf(outShape.slice(axis + 1));
  const n = outShape[axis]!;
  const k = indices.length;
  const out = allocArray(dtypeOfArray(updates), sizeOf(outShape));
  void indicesShape;
  for (let o = 0; o < outer; o++)
    for (let j = 0; j < k; j++) {
      const dst = (o * n + indices[j]!) * inner;
      const src = (o * k + j) * inner;
      for (let i = 0; i < inner; i++) out[dst + i]! += updates[src + i]!;
    }
  return out;
}
