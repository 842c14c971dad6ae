/**
 * Pooling. Max pooling is a primitive with fused kernels (max-pool2d.ts). Average pooling is a
 * composite: the windows of x are gathered into a trailing axis (one `gather` with a constant index
 * table; a `reshape` when windows tile the input exactly), then reduced with `mean`; its derivative
 * rules are those of gather (scatterAdd), reshape and the reductions.
 */
import { ShapeError } from "../../core/errors.js";
import { showShape } from "../../core/shape.js";
import { tensor } from "../../tensor/creation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { div } from "../../ops/arithmetic.js";
import { gather, pad, slice } from "../../ops/indexing.js";
import { mean, sum } from "../../ops/reductions.js";
import { reshape } from "../../ops/shape-ops.js";
import { toFloat, type TensorLike } from "../../ops/tensor-like.js";
import { batched, convOutputLength, toPair, type Pair } from "./conv2d.js";
import { maxPool2dPrim } from "./max-pool2d.js";

/** Options of `maxPool2d`. */
export interface MaxPool2dOptions {
  /** Step between windows (default: the kernel size, so windows do not overlap). */
  stride?: Pair;
  /** Implicit −∞ padding on each side, at most half the kernel size (default 0). */
  padding?: Pair;
  /** Spacing between the elements of a window (default 1). */
  dilation?: Pair;
}

/** Options of `avgPool2d`. */
export interface AvgPool2dOptions {
  /** Step between windows (default: the kernel size). */
  stride?: Pair;
  /** Implicit zero padding on each side, at most half the kernel size (default 0). */
  padding?: Pair;
  /** Whether padded zeros count in the divisor (default true, as in PyTorch). */
  countIncludePad?: boolean;
  /** Divide every window sum by this instead. */
  divisorOverride?: number;
}

interface PoolGeometry {
  kernel: [number, number];
  stride: [number, number];
  padding: [number, number];
  dilation: [number, number];
  out: [number, number];
}

function poolGeometry(x: Tensor, kernelSize: Pair, opts: { stride?: Pair; padding?: Pair; dilation?: Pair }, op: string): PoolGeometry {
  const kernel = toPair(kernelSize, "kernelSize", op);
  const stride = toPair(opts.stride ?? kernel, "stride", op);
  const padding = toPair(opts.padding ?? 0, "padding", op, 0);
  const dilation = toPair(opts.dilation ?? 1, "dilation", op);
  if (padding[0] > Math.floor(kernel[0] / 2) || padding[1] > Math.floor(kernel[1] / 2))
    throw new TypeError(`${op}: padding ${JSON.stringify(padding)} must be at most half the kernel size ${JSON.stringify(kernel)}`);
  const h = x.shape[2]!;
  const w = x.shape[3]!;
  const out: [number, number] = [
    convOutputLength(h, kernel[0], stride[0], [padding[0], padding[0]], dilation[0]),
    convOutputLength(w, kernel[1], stride[1], [padding[1], padding[1]], dilation[1]),
  ];
  if (out[0] < 1 || out[1] < 1)
    throw new ShapeError(`${op}: a ${kernel[0]}×${kernel[1]} window (dilation ${dilation.join("×")}) does not fit in the input ${showShape(x.shape)} with padding ${padding.join("×")}`);
  return { kernel, stride, padding, dilation, out };
}

const indexCache = new Map<string, Tensor>();

/** For every output position and window element, the flat index into the padded [Hp·Wp] plane. */
function windowIndices(g: PoolGeometry, hp: number, wp: number): Tensor {
  const key = JSON.stringify([g, hp, wp]);
  let idx = indexCache.get(key);
  if (idx === undefined) {
    const [oh, ow] = g.out;
    const [kh, kw] = g.kernel;
    const data = new Int32Array(oh * ow * kh * kw);
    let k = 0;
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++)
        for (let a = 0; a < kh; a++)
          for (let b = 0; b < kw; b++) data[k++] = (i * g.stride[0] + a * g.dilation[0]) * wp + j * g.stride[1] + b * g.dilation[1];
    idx = tensor(data, { shape: [oh, ow, kh * kw] });
    if (indexCache.size > 64) indexCache.clear();
    indexCache.set(key, idx);
  }
  return idx;
}

/**
 * The windows of x [N, C, H, W] as [N, C, OH, OW, KH·KW], padding with `padValue`. When windows
 * tile the input (stride = kernel, no padding or dilation) this is a crop and a reshape, returned
 * as [N, C, OH, KH, OW, KW] with `axes` [3, 5] to reduce.
 */
function windows(x: Tensor, g: PoolGeometry, padValue: number): { values: Tensor; axes: number[] } {
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const [oh, ow] = g.out;
  const [kh, kw] = g.kernel;
  if (g.stride[0] === kh && g.stride[1] === kw && g.padding[0] === 0 && g.padding[1] === 0 && g.dilation[0] === 1 && g.dilation[1] === 1) {
    const cropped = oh * kh === h && ow * kw === w ? x : slice(x, [0, 0, 0, 0], [n, c, oh * kh, ow * kw]);
    return { values: reshape(cropped, [n, c, oh, kh, ow, kw]), axes: [3, 5] };
  }
  const [ph, pw] = g.padding;
  const padded = ph === 0 && pw === 0 ? x : pad(x, [[0, 0], [0, 0], [ph, ph], [pw, pw]], padValue);
  const hp = h + 2 * ph;
  const wp = w + 2 * pw;
  return { values: gather(reshape(padded, [n, c, hp * wp]), windowIndices(g, hp, wp), 2), axes: [4] };
}

function pooled(x: TensorLike, op: string): [Tensor, boolean] {
  const t = toFloat(x, op);
  return batched(t, op);
}

/**
 * 2-D max pooling of x [N, C, H, W] (or [C, H, W]) over `kernelSize` windows.
 * NOTE: where several elements of a window tie for the maximum, the gradient is shared evenly among
 * them (the library's convention for `max`, in forward and reverse mode alike); PyTorch routes it
 * all to the first.
 *
 * @example
 * maxPool2d(randn([8, 16, 28, 28]), 2); // [8, 16, 14, 14]
 */
export function maxPool2d(x: TensorLike, kernelSize: Pair, opts: MaxPool2dOptions = {}): Tensor {
  const [x4, added] = pooled(x, "maxPool2d");
  const g = poolGeometry(x4, kernelSize, opts, "maxPool2d");
  const y = maxPool2dPrim(x4, { kernelSize: g.kernel, stride: g.stride, padding: g.padding, dilation: g.dilation });
  return added ? reshape(y, y.shape.slice(1)) : y;
}

/**
 * 2-D average pooling of x [N, C, H, W] (or [C, H, W]) over `kernelSize` windows.
 *
 * @example
 * avgPool2d(randn([8, 16, 28, 28]), 2); // [8, 16, 14, 14]
 */
export function avgPool2d(x: TensorLike, kernelSize: Pair, opts: AvgPool2dOptions = {}): Tensor {
  const op = "avgPool2d";
  const [x4, added] = pooled(x, op);
  const g = poolGeometry(x4, kernelSize, { stride: opts.stride, padding: opts.padding }, op);
  const { values, axes } = windows(x4, g, 0);
  let y: Tensor;
  if (opts.divisorOverride !== undefined) {
    if (!(opts.divisorOverride > 0)) throw new TypeError(`${op}: divisorOverride must be positive, got ${opts.divisorOverride}`);
    y = div(sum(values, axes), opts.divisorOverride);
  } else if ((opts.countIncludePad ?? true) || (g.padding[0] === 0 && g.padding[1] === 0)) {
    y = mean(values, axes);
  } else {
    y = div(sum(values, axes), tensor(validCounts(x4, g), { shape: g.out, dtype: x4.dtype }));
  }
  return added ? reshape(y, y.shape.slice(1)) : y;
}

/** The number of non-padding elements in each window (a constant: it depends only on the geometry). */
function validCounts(x: Tensor, g: PoolGeometry): Float64Array {
  const [oh, ow] = g.out;
  const counts = new Float64Array(oh * ow);
  const h = x.shape[2]!;
  const w = x.shape[3]!;
  const inside = (start: number, k: number, size: number): number => {
    let n = 0;
    for (let a = 0; a < k; a++) if (start + a >= 0 && start + a < size) n++;
    return n;
  };
  for (let i = 0; i < oh; i++)
    for (let j = 0; j < ow; j++)
      counts[i * ow + j] = inside(i * g.stride[0] - g.padding[0], g.kernel[0], h) * inside(j * g.stride[1] - g.padding[1], g.kernel[1], w);
  return counts;
}
