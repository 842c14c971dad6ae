import { allocArray, dtypeOfArray, type TypedArray } from "../../core/dtype.js";
import { unfilled } from "../../core/unfilled.js";
import { sizeOf, type Shape } from "../../core/shape.js";
import type { Pool2dGeometry } from "../backend.js";
import type { Arena } from "./arena.js";
import type { WasmKernels } from "./module.js";
import { streamable } from "./streamable.js";

type Floats = Float32Array | Float64Array;

/** Which max-pooling kernel of assembly/pool.ts: the maximum, its derivative, or the derivative's transpose. */
export type MaxPoolKernel = "maxPool2d" | "maxPool2dTangent" | "maxPool2dGrad";

/**
 * Bytes of operands a chunk of planes copies in and out at a time.
 * NOTE: streamed, not whole arrays: the CNN's first pooling reads 6.4 MB (and its gradient writes
 * as much); chunks of ~256 KiB stay in L2 from the copy in through the kernel to the copy out
 * (paired CPU time on the CNN's shapes: pool1 forward 0.79×, pool1 gradient 0.93×, pool2 gradient 0.89×).
 */
const CHUNK_BYTES = 256 * 1024;

/**
 * Max pooling in wasm: the planes of x (and, for the derivative and its transpose, of t or ct) copied
 * in a chunk at a time, one pass over the chunk's windows, its result copied out (whole arrays where
 * the wasm storage holds operands or results: see `streamable`). `xShape` is the input [N, C, H, W],
 * `yShape` the pooled [N, C, OH, OW]. Planes are independent, so the result is the same whatever the chunk.
 */
export function wasmMaxPool2d(
  kernels: WasmKernels, arena: Arena, kernel: MaxPoolKernel,
  x: Floats, xShape: Shape, yShape: Shape, g: Pool2dGeometry, second: Floats | null,
): TypedArray {
  const f32 = x instanceof Float32Array;
  const outSize = kernel === "maxPool2dGrad" ? sizeOf(xShape) : sizeOf(yShape);
  if (outSize === 0 || sizeOf(yShape) === 0) return allocArray(dtypeOfArray(x), outSize);
  arena.reset();
  const sz = f32 ? 4 : 8;
  const planes = xShape[0]! * xShape[1]!;
  const whole = !streamable(x, second);
  const xPlane = xShape[2]! * xShape[3]!;
  const oPlane = outSize / planes;
  const sPlane = second === null ? 0 : second.length / planes;
  // whole arrays (one chunk, operands read in place and the result handed over) where the storage holds them
  const per = whole ? planes : Math.max(1, Math.min(planes, Math.floor(CHUNK_BYTES / ((xPlane + sPlane + oPlane) * sz))));
  const px = whole ? arena.copyIn(x) : arena.alloc(per * xPlane * sz + 16);
  const ps = second === null ? 0 : whole ? arena.copyIn(second) : arena.alloc(per * sPlane * sz + 16);
  const po = arena.alloc(per * oPlane * sz + 16);
  const dims = [per, xShape[2]!, xShape[3]!, yShape[2]!, yShape[3]!, g.kernelSize[0], g.kernelSize[1],
    g.stride[0], g.stride[1], g.padding[0], g.padding[1], g.dilation[0], g.dilation[1]];
  const pd = arena.alloc(dims.length * 4);
  const dimsView = arena.view(Int32Array, pd, dims.length);
  dimsView.set(dims);
  const e = kernels.exports;
  const scratch = arena.alloc(e.poolScratchBytes(pd));
  const run = (): void => {
    if (kernel === "maxPool2d") (f32 ? e.maxPool2dF32 : e.maxPool2dF64)(pd, px, po, scratch);
    else if (kernel === "maxPool2dTangent") (f32 ? e.maxPool2dTangentF32 : e.maxPool2dTangentF64)(pd, px, ps, po, scratch);
    else (f32 ? e.maxPool2dGradF32 : e.maxPool2dGradF64)(pd, px, ps, po, scratch);
  };
  if (whole) {
    run();
    return f32 ? arena.copyOut(Float32Array, po, outSize) : arena.copyOut(Float64Array, po, outSize);
  }
  const view = (p: number, len: number): Floats => (f32 ? arena.view(Float32Array, p, len) : arena.view(Float64Array, p, len));
  const xView = view(px, per * xPlane);
  const sView = second === null ? null : view(ps, per * sPlane);
  const oView = view(po, per * oPlane);
  const out = f32 ? unfilled(Float32Array, outSize) : unfilled(Float64Array, outSize);
  for (let p0 = 0; p0 < planes; p0 += per) {
    const count = Math.min(per, planes - p0);
    if (count < per) dimsView[0] = count;
    xView.set(x.subarray(p0 * xPlane, (p0 + count) * xPlane));
    if (second !== null) sView!.set(second.subarray(p0 * sPlane, (p0 + count) * sPlane));
    run();
    out.set(count === per ? oView : oView.subarray(0, count * oPlane), p0 * oPlane);
  }
  return out;
}
