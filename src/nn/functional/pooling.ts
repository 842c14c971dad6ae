import { ArgumentError, ShapeError } from "../../core/errors.js";
import { checkOptions, showValue } from "../../core/validate.js";
/**
 * Pooling: max pooling and average pooling are primitives with fused kernels (max-pool2d.ts,
 * avg-pool2d.ts); these functions check the options and pick the geometry.
 */
import { showShape } from "../../core/shape.js";
import type { Tensor } from "../../tensor/tensor.js";
import { reshape } from "../../ops/shape-ops.js";
import { toFloat, type TensorLike } from "../../ops/tensor-like.js";
import { batched, convOutputLength, toPair, type Pair } from "./conv2d.js";
import { avgPool2dPrim } from "./avg-pool2d.js";
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
    throw new ArgumentError(`${op}: padding ${showValue(padding)} must be at most half the kernel size ${showValue(kernel)}`);
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
export function maxPool2d(x: TensorLike, kernelSize: Pair, options: MaxPool2dOptions = {}): Tensor {
  const opts = checkOptions<MaxPool2dOptions>(options, "maxPool2d");
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
export function avgPool2d(x: TensorLike, kernelSize: Pair, options: AvgPool2dOptions = {}): Tensor {
  const op = "avgPool2d";
  const opts = checkOptions<AvgPool2dOptions>(options, op);
  const [x4, added] = pooled(x, op);
  const g = poolGeometry(x4, kernelSize, { stride: opts.stride, padding: opts.padding }, op);
  let divisor: number | "valid";
  if (opts.divisorOverride !== undefined) {
    if (!(opts.divisorOverride > 0)) throw new ArgumentError(`${op}: divisorOverride must be positive, got ${showValue(opts.divisorOverride)}`);
    divisor = opts.divisorOverride;
  } else {
    // NOTE: by default padded zeros count in the divisor (PyTorch's countIncludePad); without padding both agree.
    divisor = (opts.countIncludePad ?? true) ? g.kernel[0] * g.kernel[1] : "valid";
  }
  const y = avgPool2dPrim(x4, { kernelSize: g.kernel, stride: g.stride, padding: g.padding, dilation: g.dilation, divisor });
  return added ? reshape(y, y.shape.slice(1)) : y;
}
