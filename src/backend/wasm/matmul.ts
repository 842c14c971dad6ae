import { allocArray, dtypeOfArray, type TypedArray } from "../../core/dtype.js";
import { sizeOf, type Shape } from "../../core/shape.js";
import { broadcastStrides, forEachRow } from "../cpu/broadcast-index.js";
import { isMatvec, matvec } from "../cpu/matvec.js";
import type { Arena } from "./arena.js";
import type { WasmKernels } from "./module.js";
import { MAX_TASKS } from "./pool.js";
import { ThreadChooser } from "./thread-chooser.js";
import { choosePool, getNumThreads } from "./threads.js";

/** Below this many multiply-adds (~0.2 ms on one thread) a matmul stays on the calling thread: waking workers costs ~10-50 µs. */
const PARALLEL_MIN_MACS = 1 << 22;
/** Arguments per gemm call (the scratch offset is appended by the caller or the pool). */
const GEMM_ARGS = 11;
/** Timings of large matmuls on one thread and on the pool, for the default thread count. */
const CHOOSER = new ThreadChooser();

/**
 * Batched `op(A)·op(B)` on float32/float64 through the wasm gemm: operands are copied into the
 * arena once, each matrix of the (broadcast) batch is one gemm call or, for large products, several
 * calls over column or row blocks spread across the thread pool; the result is copied out.
 * Matrix–vector products (m = 1 or n = 1) run the JS matvec on the operands in place instead.
 * `transA` means A is stored `[..., k, m]` (and B `[..., n, k]` for `transB`).
 */
export function wasmMatmul(
  kernels: WasmKernels, arena: Arena,
  a: Float32Array | Float64Array, aShape: Shape, b: Float32Array | Float64Array, bShape: Shape, outShape: Shape,
  transA: boolean, transB: boolean,
): TypedArray {
  // NOTE: matrix–vector products stay in JS, reading the operands in place: copying A into the arena
  // costs as much as the product (paired CPU time, bench/matvec-ab.ts: 0.3–0.65× of the wasm gemm
  // from 64² to 2048², 1000×5 included).
  if (isMatvec(aShape, bShape, transA, transB)) return matvec(a, aShape, b, bShape, outShape, transA, transB);
  const ra = aShape.length;
  const rb = bShape.length;
  const m = transA ? aShape[ra - 1]! : aShape[ra - 2]!;
  const k = transA ? aShape[ra - 2]! : aShape[ra - 1]!;
  const n = transB ? bShape[rb - 2]! : bShape[rb - 1]!;
  const f32 = a instanceof Float32Array;
  const sz = f32 ? 4 : 8;
  const outSize = sizeOf(outShape);
  if (outSize === 0) return allocArray(dtypeOfArray(a), 0);
  const batchShape = outShape.slice(0, -2);
  const nb = sizeOf(batchShape);

  // Element strides of one matrix: A(i, p) at i·rsA + p·csA, B(p, j) at p·rsB + j·csB.
  const rsA = transA ? 1 : k;
  const csA = transA ? m : 1;
  const rsB = transB ? 1 : n;
  const csB = transB ? k : 1;

  // Matrix offsets (in elements) of A and B for each output matrix of the batch.
  const offA: number[] = [];
  const offB: number[] = [];
  if (batchShape.length === 0) {
    offA.push(0);
    offB.push(0);
  } else {
    const sa = broadcastStrides(aShape.slice(0, -2), batchShape).map((s) => s * m * k);
    const sb = broadcastStrides(bShape.slice(0, -2), batchShape).map((s) => s * k * n);
    forEachRow([...batchShape, 1], [[...sa, 0], [...sb, 0]], (offs) => {
      offA.push(offs[0]!);
      offB.push(offs[1]!);
    });
  }

  arena.reset();
  const pa = arena.copyIn(a);
  const pb = arena.copyIn(b);
  const pc = arena.alloc(outSize * sz);
  const gemm = f32 ? kernels.exports.gemmF32 : kernels.exports.gemmF64;
  const scratchBytes = kernels.exports.gemmScratchBytes(sz);

  const macs = nb * m * n * k;
  const choice = macs >= PARALLEL_MIN_MACS ? choosePool(kernels, CHOOSER, macs) : null;
  const pool = choice?.pool ?? null;
  let onPool = false;
  if (!pool) {
    const scratch = arena.alloc(scratchBytes);
    for (let t = 0; t < nb; t++)
      gemm(m, n, k, pa + offA[t]! * sz, rsA, csA, pb + offB[t]! * sz, rsB, csB, pc + t * m * n * sz, n, scratch);
  } else {
    // Split each product into blocks so there are about two tasks per thread (dynamic balance).
    // Splitting the columns repeats A's packing per task, splitting the rows repeats B's: split the
    // larger of m and n.
    // NOTE: two tasks per thread, not one: the repeated packing costs little (paired CPU time,
    // float32 1024²: 2, 4 and 8 column blocks +1%, +4% and +7% over one call), and a thread that
    // the OS deschedules then delays the job by half its share instead of all of it.
    const threads = getNumThreads();
    const perBatch = nb >= 2 * threads ? 1 : Math.ceil((2 * threads) / nb);
    const splitCols = n >= m;
    const dim = splitCols ? n : m;
    const unit = splitCols ? 8 : 4;
    const block = Math.max(unit * 4, Math.ceil(dim / perBatch / unit) * unit);
    const blocks = Math.ceil(dim / block);
    const ntasks = nb * blocks;
    if (ntasks <= MAX_TASKS) {
      const scratch = arena.alloc(scratchBytes * (pool.size + 1));
      const argsPtr = arena.alloc(ntasks * GEMM_ARGS * 4);
      const args = arena.view(Int32Array, argsPtr, ntasks * GEMM_ARGS);
      let q = 0;
      for (let t = 0; t < nb; t++) {
        const a0 = pa + offA[t]! * sz;
        const b0 = pb + offB[t]! * sz;
        const c0 = pc + t * m * n * sz;
        for (let s = 0; s < dim; s += block) {
          const w = Math.min(block, dim - s);
          if (splitCols) args.set([m, w, k, a0, rsA, csA, b0 + s * csB * sz, rsB, csB, c0 + s * sz, n], q);
          else args.set([w, n, k, a0 + s * rsA * sz, rsA, csA, b0, rsB, csB, c0 + s * n * sz, n], q);
          q += GEMM_ARGS;
        }
      }
      pool.run(f32 ? "gemmF32" : "gemmF64", ntasks, argsPtr, GEMM_ARGS, scratch, scratchBytes, kernels.memory, threads - 1);
      onPool = true;
    } else {
      const scratch = arena.alloc(scratchBytes);
      for (let t = 0; t < nb; t++)
        gemm(m, n, k, pa + offA[t]! * sz, rsA, csA, pb + offB[t]! * sz, rsB, csB, pc + t * m * n * sz, n, scratch);
    }
  }
  choice?.done(onPool);
  return f32 ? arena.copyOut(Float32Array, pc, outSize) : arena.copyOut(Float64Array, pc, outSize);
}
