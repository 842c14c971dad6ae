import { allocArray, dtypeOfArray, type TypedArray } from "../../core/dtype.js";
import { unfilled } from "../../core/unfilled.js";
import { sizeOf, type Shape } from "../../core/shape.js";
import type { Conv2dGeometry } from "../backend.js";
import type { Arena } from "./arena.js";
import type { WasmKernels } from "./module.js";
import { MAX_TASKS } from "./pool.js";
import { streamable } from "./streamable.js";
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
 * Bytes of operands a streamed chunk of images copies in and out at a time (see `streamImages`).
 * NOTE: streamed, not whole arrays: copying a CNN's first-layer arrays (6.4 MB at batch 128) whole
 * into wasm memory and the result whole out ran each copy and the kernel's pass over them through
 * L3 or memory; chunks of ~256 KiB stay in the 1 MiB L2 from the copy in to the copy out (paired
 * CPU time on the CNN's shapes: conv1 forward 0.94×, conv1 weight gradient 0.77×, conv2 input gradient 0.95×).
 */
const CHUNK_BYTES = 256 * 1024;

/** The kernel function `name` (+F32/F64), the pool choice for it (null: the calling thread) and its per-thread scratch bytes. */
function prepare(kernels: WasmKernels, arena: Arena, name: string, f32: boolean, dims: number[], ntasks: number, macs: number) {
  const dimsPtr = arena.alloc(dims.length * 4);
  arena.view(Int32Array, dimsPtr, dims.length).set(dims);
  const scratchBytes = Math.ceil(kernels.exports.convScratchBytes(dimsPtr, f32 ? 4 : 8) / 64) * 64;
  const fn = `${name}${f32 ? "F32" : "F64"}`;
  let chooser = CHOOSERS.get(fn);
  if (!chooser) CHOOSERS.set(fn, (chooser = new ThreadChooser()));
  const choice = macs >= PARALLEL_MIN_MACS && ntasks > 1 && ntasks <= MAX_TASKS ? choosePool(kernels, chooser, macs) : null;
  return { fn, dimsPtr, scratchBytes, choice, call: kernels.exports[fn] as (...a: number[]) => void };
}

/**
 * Runs task t = 0 … ntasks − 1 over whole operands in the arena, on the pool when `prep` chose it
 * (else on the calling thread): task t gets `args(t, dimsPtr)` and its thread's scratch.
 */
function runWhole(kernels: WasmKernels, arena: Arena, prep: ReturnType<typeof prepare>, ntasks: number, args: (t: number, dimsPtr: number) => number[]): void {
  const pool = prep.choice?.pool ?? null;
  if (pool === null) {
    const scratch = arena.alloc(prep.scratchBytes);
    for (let t = 0; t < ntasks; t++) prep.call(...args(t, prep.dimsPtr), scratch);
    prep.choice?.done(false);
    return;
  }
  const scratch = arena.alloc(prep.scratchBytes * (pool.size + 1));
  const first = args(0, prep.dimsPtr);
  const argsPtr = arena.alloc(ntasks * first.length * 4);
  const table = arena.view(Int32Array, argsPtr, ntasks * first.length);
  for (let t = 0; t < ntasks; t++) table.set(args(t, prep.dimsPtr), t * first.length);
  pool.run(prep.fn, ntasks, argsPtr, first.length, scratch, prep.scratchBytes, kernels.memory, getNumThreads() - 1);
  prep.choice!.done(true);
}

/**
 * The calling thread's path: images [0, N) in chunks of `per` (a multiple of `step`, at least one
 * step), each chunk's slices of the inputs (`ins[j]`, `inSizes[j]` elements per image) copied into
 * wasm memory, `run(i0, count, inPtrs, outPtr)` called on them, and `outSize` elements per image
 * copied from `outPtr` into `out` (when not null). The same kernel calls on the same values as over
 * whole copied arrays, so the same bits.
 */
function streamImages(
  arena: Arena, f32: boolean, N: number, step: number, ins: readonly Floats[], inSizes: readonly number[], out: Floats | null, outSize: number,
  run: (i0: number, count: number, inPtrs: readonly number[], outPtr: number) => void,
): void {
  const sz = f32 ? 4 : 8;
  const perImage = (inSizes.reduce((a, b) => a + b, 0) + outSize) * sz;
  const per = Math.min(Math.ceil(N / step) * step, Math.max(1, Math.floor(CHUNK_BYTES / (perImage * step))) * step);
  const inPtrs = inSizes.map((s) => arena.alloc(Math.ceil((per * s * sz) / 16) * 16 + 16));
  const outPtr = out === null ? 0 : arena.alloc(per * outSize * sz + 16);
  const view = (p: number, len: number): Floats => (f32 ? arena.view(Float32Array, p, len) : arena.view(Float64Array, p, len));
  const inViews = inSizes.map((s, j) => view(inPtrs[j]!, per * s));
  const outView = out === null ? null : view(outPtr, per * outSize);
  for (let i0 = 0; i0 < N; i0 += per) {
    const count = Math.min(per, N - i0);
    for (let j = 0; j < ins.length; j++) inViews[j]!.set(ins[j]!.subarray(i0 * inSizes[j]!, (i0 + count) * inSizes[j]!));
    run(i0, count, inPtrs, outPtr);
    if (out !== null) out.set(count === per ? outView! : outView!.subarray(0, count * outSize), i0 * outSize);
  }
}

function copyOut(arena: Arena, f32: boolean, p: number, n: number): Floats {
  return f32 ? arena.copyOut(Float32Array, p, n) : arena.copyOut(Float64Array, p, n);
}

/**
 * conv2d in wasm: one im2col + gemm (+ bias) task per image. On the pool (or where the wasm storage
 * holds operands or results: `streamable`) x is copied in whole and y out whole; on the calling
 * thread images stream through in chunks (`streamImages`).
 */
export function wasmConv2d(
  kernels: WasmKernels, arena: Arena, x: Floats, xShape: Shape, w: Floats, wShape: Shape, outShape: Shape, g: Conv2dGeometry, bias: Floats | null,
): TypedArray {
  const f32 = x instanceof Float32Array;
  const n = sizeOf(outShape);
  if (n === 0) return allocArray(dtypeOfArray(x), 0);
  arena.reset();
  const pw = arena.copyIn(w);
  const pb = bias === null ? 0 : arena.copyIn(bias);
  const N = xShape[0]!;
  const macs = n * (wShape[1]! * wShape[2]! * wShape[3]!);
  const prep = prepare(kernels, arena, "conv2dImage", f32, dimsOf(xShape, wShape, outShape, g), N, macs);
  if (prep.choice?.pool || !streamable(x)) {
    const px = arena.copyIn(x);
    const py = arena.alloc(n * (f32 ? 4 : 8));
    runWhole(kernels, arena, prep, N, (t, dims) => [t, dims, px, pw, py, pb]);
    return copyOut(arena, f32, py, n);
  }
  const out = f32 ? unfilled(Float32Array, n) : unfilled(Float64Array, n);
  const scratch = arena.alloc(prep.scratchBytes);
  streamImages(arena, f32, N, 1, [x], [sizeOf(xShape) / N], out, n / N, (_i0, count, [px], py) => {
    for (let t = 0; t < count; t++) prep.call(t, prep.dimsPtr, px!, pw, py, pb, scratch);
  });
  prep.choice?.done(false);
  return out;
}

/** The transpose of conv2d in x, in wasm: one gemm + col2im task per image (streamed on the calling thread, as `wasmConv2d`). */
export function wasmConv2dInputGrad(kernels: WasmKernels, arena: Arena, ct: Floats, ctShape: Shape, w: Floats, wShape: Shape, xShape: Shape, g: Conv2dGeometry): TypedArray {
  const f32 = ct instanceof Float32Array;
  const n = sizeOf(xShape);
  if (n === 0) return allocArray(dtypeOfArray(ct), 0);
  arena.reset();
  const pw = arena.copyIn(w);
  const N = xShape[0]!;
  const macs = sizeOf(ctShape) * (wShape[1]! * wShape[2]! * wShape[3]!);
  const prep = prepare(kernels, arena, "conv2dInputGradImage", f32, dimsOf(xShape, wShape, ctShape, g), N, macs);
  if (prep.choice?.pool || !streamable(ct)) {
    const pc = arena.copyIn(ct);
    const pdx = arena.alloc(n * (f32 ? 4 : 8));
    runWhole(kernels, arena, prep, N, (t, dims) => [t, dims, pc, pw, pdx]);
    return copyOut(arena, f32, pdx, n);
  }
  const out = f32 ? unfilled(Float32Array, n) : unfilled(Float64Array, n);
  const scratch = arena.alloc(prep.scratchBytes);
  streamImages(arena, f32, N, 1, [ct], [sizeOf(ctShape) / N], out, n / N, (_i0, count, [pc], pdx) => {
    for (let t = 0; t < count; t++) prep.call(t, prep.dimsPtr, pc!, pw, pdx, scratch);
  });
  prep.choice?.done(false);
  return out;
}

/**
 * The transpose of conv2d in w, in wasm: each task sums the products of WEIGHT_GRAD_IMAGES images
 * into its own partial [O, Kc]; the partials are added here in float64, in task order. On the
 * calling thread each task's images stream in (`streamImages`, whole tasks per chunk).
 */
export function wasmConv2dWeightGrad(kernels: WasmKernels, arena: Arena, x: Floats, xShape: Shape, ct: Floats, ctShape: Shape, wShape: Shape, g: Conv2dGeometry): TypedArray {
  const f32 = x instanceof Float32Array;
  const n = sizeOf(wShape);
  const N = xShape[0]!;
  if (n === 0 || N === 0 || sizeOf(ctShape) === 0) return allocArray(dtypeOfArray(x), n);
  arena.reset();
  const ntasks = Math.ceil(N / WEIGHT_GRAD_IMAGES);
  const sz = f32 ? 4 : 8;
  const pparts = arena.alloc(ntasks * n * sz);
  const macs = sizeOf(ctShape) * (wShape[1]! * wShape[2]! * wShape[3]!);
  const prep = prepare(kernels, arena, "conv2dWeightGradImages", f32, dimsOf(xShape, wShape, ctShape, g), ntasks, macs);
  if (prep.choice?.pool || !streamable(x, ct)) {
    const px = arena.copyIn(x);
    const pc = arena.copyIn(ct);
    runWhole(kernels, arena, prep, ntasks, (t, dims) => {
      const img0 = t * WEIGHT_GRAD_IMAGES;
      return [img0, Math.min(WEIGHT_GRAD_IMAGES, N - img0), dims, px, pc, pparts + t * n * sz];
    });
  } else {
    const scratch = arena.alloc(prep.scratchBytes);
    streamImages(arena, f32, N, WEIGHT_GRAD_IMAGES, [x, ct], [sizeOf(xShape) / N, sizeOf(ctShape) / N], null, 0, (i0, count, [px, pc]) => {
      for (let t = 0; t < count; t += WEIGHT_GRAD_IMAGES)
        prep.call(t, Math.min(WEIGHT_GRAD_IMAGES, count - t), prep.dimsPtr, px!, pc!, pparts + ((i0 + t) / WEIGHT_GRAD_IMAGES) * n * sz, scratch);
    });
    prep.choice?.done(false);
  }
  const parts = f32 ? arena.view(Float32Array, pparts, ntasks * n) : arena.view(Float64Array, pparts, ntasks * n);
  const acc = new Float64Array(n);
  for (let t = 0; t < ntasks; t++) for (let i = 0, o = t * n; i < n; i++) acc[i]! += parts[o + i]!;
  const out = allocArray(dtypeOfArray(x), n);
  out.set(acc);
  return out;
}
