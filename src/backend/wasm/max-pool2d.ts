import { allocArray, dtypeOfArray, type TypedArray } from "../../core/dtype.js";
import { sizeOf, type Shape } from "../../core/shape.js";
import type { Pool2dGeometry } from "../backend.js";
import type { Arena } from "./arena.js";
import type { WasmKernels } from "./module.js";

type Floats = Float32Array | Float64Array;

/** Which max-pooling kernel of assembly/pool.ts: the maximum, its derivative, or the derivative's transpose. */
export type MaxPoolKernel = "maxPool2d" | "maxPool2dTangent" | "maxPool2dGrad";

/**
 * Max pooling in wasm: x (and, for the derivative and its transpose, t or ct) copied in, one pass
 * over the windows, the result (`outSize` elements) copied out. `xShape` is the input [N, C, H, W],
 * `yShape` the pooled [N, C, OH, OW].
 */
export function wasmMaxPool2d(
  kernels: WasmKernels, arena: Arena, kernel: MaxPoolKernel,
  x: Floats, xShape: Shape, yShape: Shape, g: Pool2dGeometry, second: Floats | null,
): TypedArray {
  const f32 = x instanceof Float32Array;
  const outSize = kernel === "maxPool2dGrad" ? sizeOf(xShape) : sizeOf(yShape);
  if (outSize === 0 || sizeOf(yShape) === 0) return allocArray(dtypeOfArray(x), outSize);
  arena.reset();
  const px = arena.copyIn(x);
  const ps = second === null ? 0 : arena.copyIn(second);
  const po = arena.alloc(outSize * (f32 ? 4 : 8));
  const dims = [xShape[0]! * xShape[1]!, xShape[2]!, xShape[3]!, yShape[2]!, yShape[3]!, g.kernelSize[0], g.kernelSize[1],
    g.stride[0], g.stride[1], g.padding[0], g.padding[1], g.dilation[0], g.dilation[1]];
  const pd = arena.alloc(dims.length * 4);
  arena.view(Int32Array, pd, dims.length).set(dims);
  const e = kernels.exports;
  const scratch = arena.alloc(e.poolScratchBytes(pd));
  if (kernel === "maxPool2d") (f32 ? e.maxPool2dF32 : e.maxPool2dF64)(pd, px, po, scratch);
  else if (kernel === "maxPool2dTangent") (f32 ? e.maxPool2dTangentF32 : e.maxPool2dTangentF64)(pd, px, ps, po, scratch);
  else (f32 ? e.maxPool2dGradF32 : e.maxPool2dGradF64)(pd, px, ps, po, scratch);
  return f32 ? arena.copyOut(Float32Array, po, outSize) : arena.copyOut(Float64Array, po, outSize);
}
