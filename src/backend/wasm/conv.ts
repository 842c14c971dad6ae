import { allocArray, dtypeOfArray, type TypedArray } from "../../core/dtype.js";
import { sizeOf, type Shape } from "../../core/shape.js";
import type { Conv2dGeometry } from "../backend.js";
import type { Arena } from "./arena.js";
import type { WasmKernels } from "./module.js";
import { MAX_TASKS } from "./pool.js";
import { ThreadChooser } from "./thread-chooser.js";
import { choosePool, getNumThreads } from "./threads.js";

/** Below this many multiply-adds a convolution stays on the calling thread (waking workers costs ~10-50 µs). */
const PARALLEL_MIN_MACS = 1 << 22;

/**
 * Images per task of the weight gradient. Fixed, so that the per-task partial sums, and the order
 * they are added in, do not depend on the thread count: results are the same on any number of threads.
 */
const WEIGHT_GRAD_IMAGES = 8;

/** Timings of large convolution calls on one thread and on the pool (per kernel), for the default thread count. */
const CHOOSERS = new Map<string, ThreadChooser>();

type Floats = Float32Array | Float64Array;

/** The geometry as the kernels read it (assembly/conv.ts): C, H, W, O, KH, KW, OH, OW, G, sh, sw, pt, pl, dh, dw. */
function dimsOf(xShape: Shape, wShape: Shape, yShape: Shape, g: Conv2dGeometry): number[] {
  return [xShape[1]!, xShape[2]!, xShape[3]!, wShape[0]!, wShape[2]!, wShape[3]!, yShape[2]!, yShape[3]!, g.groups,
    g.stride[0], g.stride[1], g.padding[0][0], g.padding[1][0], g.dilation[0], g.dilation[1]];
}

/**
 * Runs `name` (+F32/F64) once per task, on the pool when the work is large enough, else on the
 * calling thread: task t gets `args(t)` and its thread's scratch. The arena must hold everything
 * the tasks read; `dims` is written into it here.
 */
function runTasks(
  kernels: WasmKernels, arena: Arena, name: string, f32: boolean, dims: number[], ntasks: number, macs: number,
  args: (t: number, dimsPtr: number) => number[],
): void {
  const sz = f32 ? 4 : 8;
  const dimsPtr = arena.alloc(dims.length * 4);
  arena.view(Int32Array, dimsPtr, dims.length).set(dims);
  const scratchBytes = Math.ceil(kernels.exports.convScratchBytes(dimsPtr, sz) / 64) * 64;
  const fn = `${name}${f32 ? "F32" : "F64"}`;
  let chooser = CHOOSERS.get(fn);
  if (!chooser) CHOOSERS.set(fn, (chooser = new ThreadChooser()));
  const choice = macs >= PARALLEL_MIN_MACS && ntasks > 1 && ntasks <= MAX_TASKS ? choosePool(kernels, chooser, macs) : null;
  const pool = choice?.pool ?? null;
  if (!pool) {
    const scratch = arena.alloc(scratchBytes);
    const call = kernels.exports[fn] as (...a: number[]) => void;
    for (let t = 0; t < ntasks; t++) call(...args(t, dimsPtr), scratch);
    choice?.done(false);
    return;
  }
  const scratch = arena.alloc(scratchBytes * (pool.size + 1));
  const first = args(0, dimsPtr);
  const argsPtr = arena.alloc(ntasks * first.length * 4);
  const table = arena.view(Int32Array, argsPtr, ntasks * first.length);
  for (let t = 0; t < ntasks; t++) table.set(args(t, dimsPtr), t * first.length);
  pool.run(fn, ntasks, argsPtr, first.length, scratch, scratchBytes, kernels.memory, getNumThreads() - 1);
  choice?.done(true);
}

function copyOut(arena: Arena, f32: boolean, p: number, n: number): Floats {
  return f32 ? arena.copyOut(Float32Array, p, n) : arena.copyOut(Float64Array, p, n);
}

/** conv2d in wasm: x, w (and the bias) copied in, one im2col + gemm (+ bias) task per image, y copied out. */
export function wasmConv2d(
  kernels: WasmKernels, arena: Arena, x: Floats, xShape: Shape, w: Floats, wShape: Shape, outShape: Shape, g: Conv2dGeometry, bias: Floats | null,
): TypedArray {
  const f32 = x instanceof Float32Array;
  const n = sizeOf(outShape);
  if (n === 0) return allocArray(dtypeOfArray(x), 0);
  arena.reset();
  const px = arena.copyIn(x);
  const pw = arena.copyIn(w);
  const pb = bias === null ? 0 : arena.copyIn(bias);
  const py = arena.alloc(n * (f32 ? 4 : 8));
  const macs = n * (wShape[1]! * wShape[2]! * wShape[3]!);
  runTasks(kernels, arena, "conv2dImage", f32, dimsOf(xShape, wShape, outShape, g), xShape[0]!, macs, (t, dims) => [t, dims, px, pw, py, pb]);
  return copyOut(arena, f32, py, n);
}

/** The transpose of conv2d in x, in wasm: one gemm + col2im task per image. */
export function wasmConv2dInputGrad(kernels: WasmKernels, arena: Arena, ct: Floats, ctShape: Shape, w: Floats, wShape: Shape, xShape: Shape, g: Conv2dGeometry): TypedArray {
  const f32 = ct instanceof Float32Array;
  const n = sizeOf(xShape);
  if (n === 0) return allocArray(dtypeOfArray(ct), 0);
  arena.reset();
  const pc = arena.copyIn(ct);
  const pw = arena.copyIn(w);
  const pdx = arena.alloc(n * (f32 ? 4 : 8));
  const macs = sizeOf(ctShape) * (wShape[1]! * wShape[2]! * wShape[3]!);
  runTasks(kernels, arena, "conv2dInputGradImage", f32, dimsOf(xShape, wShape, ctShape, g), xShape[0]!, macs, (t, dims) => [t, dims, pc, pw, pdx]);
  return copyOut(arena, f32, pdx, n);
}

/**
 * The transpose of conv2d in w, in wasm: each task sums the products of WEIGHT_GRAD_IMAGES images
 * into its own partial [O, Kc]; the partials are added here in float64, in task order.
 */
export function wasmConv2dWeightGrad(kernels: WasmKernels, arena: Arena, x: Floats, xShape: Shape, ct: Floats, ctShape: Shape, wShape: Shape, g: Conv2dGeometry): TypedArray {
  const f32 = x instanceof Float32Array;
  const n = sizeOf(wShape);
  const N = xShape[0]!;
  if (n === 0 || N === 0 || sizeOf(ctShape) === 0) return allocArray(dtypeOfArray(x), n);
  arena.reset();
  const px = arena.copyIn(x);
  const pc = arena.copyIn(ct);
  const ntasks = Math.ceil(N / WEIGHT_GRAD_IMAGES);
  const sz = f32 ? 4 : 8;
  const pparts = arena.alloc(ntasks * n * sz);
  const macs = sizeOf(ctShape) * (wShape[1]! * wShape[2]! * wShape[3]!);
  runTasks(kernels, arena, "conv2dWeightGradImages", f32, dimsOf(xShape, wShape, ctShape, g), ntasks, macs, (t, dims) => {
    const img0 = t * WEIGHT_GRAD_IMAGES;
    return [img0, Math.min(WEIGHT_GRAD_IMAGES, N - img0), dims, px, pc, pparts + t * n * sz];
  });
  const parts = f32 ? arena.view(Float32Array, pparts, ntasks * n) : arena.view(Float64Array, pparts, ntasks * n);
  const acc = new Float64Array(n);
  for (let t = 0; t < ntasks; t++) for (let i = 0, o = t * n; i < n; i++) acc[i]! += parts[o + i]!;
  const out = allocArray(dtypeOfArray(x), n);
  out.set(acc);
  return out;
}
