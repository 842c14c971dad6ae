import { allocArray, dtypeOfArray, type TypedArray } from "../../core/dtype.js";
import { unfilled } from "../../core/unfilled.js";
import { sizeOf, type Shape } from "../../core/shape.js";
import { broadcastStrides, forEachRow } from "../cpu/broadcast-index.js";
import { isMatvec, matvec } from "../cpu/matvec.js";
import type { Arena } from "./arena.js";
import type { WasmKernels } from "./module.js";
import { MAX_TASKS, type ThreadPool } from "./pool.js";
import { ThreadChooser } from "./thread-chooser.js";
import { choosePool, getNumThreads } from "./threads.js";
import { wasmStorageLimits } from "./wasm-storage.js";

/** Below this many multiply-adds (~0.2 ms on one thread) a matmul stays on the calling thread: waking workers costs ~10-50 µs. */
const PARALLEL_MIN_MACS = 1 << 22;
/** Arguments per gemm call (the scratch offset is appended by the caller or the pool). */
const GEMM_ARGS = 11;
/** Timings of large matmuls on one thread and on the pool, for the default thread count. */
const CHOOSER = new ThreadChooser();

/**
 * Batched `op(A)·op(B)` on float32/float64 through the wasm gemm: operands are copied into the
 * arena once, each matrix of the (broadcast) batch is one gemm call or, for large products, several
 * calls spread across the thread pool: row blocks over one B packed once and shared (rowSplitMatmul),
 * or column blocks (each packing A again) where A is short and wide; the result is copied out.
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

  const macs = nb * m * n * k;
  const choice = macs >= PARALLEL_MIN_MACS ? choosePool(kernels, CHOOSER, macs) : null;
  const pool = choice?.pool ?? null;
  arena.reset();
  if (pool !== null && nb === 1 && sharedPackedB(m, n, f32, getNumThreads())) {
    const out = rowSplitMatmul(kernels, arena, pool, a, b, m, n, k, rsA, csA, rsB, csB, f32);
    choice!.done(true);
    return out;
  }
  const pa = arena.copyIn(a);
  const pb = arena.copyIn(b);
  const pc = arena.alloc(outSize * sz);
  const gemm = f32 ? kernels.exports.gemmF32 : kernels.exports.gemmF64;
  const scratchBytes = kernels.exports.gemmScratchBytes(sz);

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

/** Rows of C per gemm block (MC in assembly/gemm.ts) and columns per packed panel (NR), by element size. */
const MC_ROWS = { 4: 128, 8: 64 } as const;
const NR_COLS = { 4: 8, 8: 4 } as const;

/**
 * Whether a single product on the pool splits its rows over one B packed once and shared
 * (rowSplitMatmul) rather than its columns (each task packing all of A again): float32, where A is
 * at least as tall as B is wide, or tall enough that every thread gets several whole row blocks.
 * NOTE: float32 only, measured (paired CPU time of main thread + workers, 2 threads, this machine
 * at load 8-15, new/old): float32 1024² 1.01 (1.00 at 2048²) for ~1.5 ms less serial copying per
 * call; float64 1024² 1.05 (its packed B, 8 MB, is the whole L3 here; the column blocks' B panels
 * are a quarter of it), which outweighs the copies it saves.
 */
function sharedPackedB(m: number, n: number, f32: boolean, threads: number): boolean {
  return f32 && (m >= n || m >= 2 * threads * MC_ROWS[4]);
}

/**
 * C = op(A)·op(B) for one large product on the pool, with no serial phase but copying in B's first
 * part: one job packs all of B once into wasm memory (tasks of KC rows by a column panel range)
 * while the calling thread copies B in, releasing each task once the part of B it reads is there
 * (packTasks), and then A; a second multiplies row blocks of A by it into C (gemmPackedB: the same
 * bits as gemm), and after each block of its own the calling thread copies every finished row
 * block out to the result, so only what finishes last is copied after the job.
 * NOTE: B packed whole, then row blocks that each run all of k: each block's rows of C stay in
 * cache between k blocks. One job pair per k block instead (its B block packed just before use,
 * all of C passed once per k block) measured +2.5% CPU time (float32 1024², paired, this machine).
 */
function rowSplitMatmul(
  kernels: WasmKernels, arena: Arena, pool: ThreadPool,
  a: Float32Array | Float64Array, b: Float32Array | Float64Array,
  m: number, n: number, k: number, rsA: number, csA: number, rsB: number, csB: number, f32: boolean,
): TypedArray {
  const ex = kernels.exports;
  const sz = f32 ? 4 : 8;
  const threads = getNumThreads();
  const scratchBytes = ex.gemmScratchBytes(sz);
  // B in wasm memory already (a storage view) is read in place; else it is copied in by parts (packTasks).
  const inPlace = typeof SharedArrayBuffer !== "undefined" && b.buffer instanceof SharedArrayBuffer;
  const pb = inPlace ? arena.copyIn(b) : arena.alloc(Math.ceil(b.byteLength / 16) * 16);
  const packed = arena.alloc(ex.gemmPackedBElements(k, n, sz) * sz);
  const pc = arena.alloc(m * n * sz);
  const scratch = arena.alloc(scratchBytes * (pool.size + 1));
  const workers = threads - 1;
  const mem = kernels.memory;

  const pack = packTasks(k, n, rsB, csB, sz, threads, pb, packed);
  const npack = pack.needs.length;
  const starts = rowBlocks(m, threads, MC_ROWS[sz]);
  const nrow = starts.length - 1;
  const packArgs = arena.alloc(npack * PACK_ARGS * 4);
  const rowArgs = arena.alloc(nrow * PACKED_ARGS * 4);

  // NOTE: with results kept in wasm memory (wasmStorageLimits.results > 0) the block itself may
  // become the result (copyOut adopts it): no early copies then.
  // NOTE: the result array is made at the first copy, inside the product job, not before the jobs,
  // where making it (4 MB at 1024² float32: 0.07 ms, more when it starts a collection) is serial.
  const early = wasmStorageLimits.results === 0;
  let out: Float32Array | Float64Array | null = null;
  const copied = new Uint8Array(nrow);
  const copyRows = (t: number): void => {
    const s = starts[t]! * n;
    const len = starts[t + 1]! * n - s;
    out ??= f32 ? unfilled(Float32Array, m * n) : unfilled(Float64Array, m * n);
    out.set(f32 ? arena.view(Float32Array, pc + s * sz, len) : arena.view(Float64Array, pc + s * sz, len), s);
    copied[t] = 1;
  };
  // After each of its own blocks the calling thread copies out every block finished so far.
  const copyFinished = (): void => {
    for (let t = 0; t < nrow; t++) if (!copied[t] && pool.finished(t)) copyRows(t);
  };

  arena.view(Int32Array, packArgs, npack * PACK_ARGS).set(pack.args);
  let pa = -1;
  pool.run(f32 ? "gemmPackBF32" : "gemmPackBF64", npack, packArgs, PACK_ARGS, scratch, scratchBytes, mem, workers, {
    released: inPlace ? npack : 0,
    before: (release) => {
      // B's elements in order, each part up to what the next task reads; then A.
      for (let t = 0, done = 0; !inPlace && t < npack; t++) {
        const need = pack.needs[t]!;
        if (need <= done) continue;
        release(t);
        arena.view(Uint8Array, pb + done * sz, (need - done) * sz).set(new Uint8Array(b.buffer, b.byteOffset + done * sz, (need - done) * sz));
        done = need;
      }
      release(npack);
      pa = arena.copyIn(a);
    },
  });
  const rv = arena.view(Int32Array, rowArgs, nrow * PACKED_ARGS);
  for (let t = 0, q = 0; t < nrow; t++, q += PACKED_ARGS) {
    const s = starts[t]!;
    rv.set([starts[t + 1]! - s, n, k, pa + s * rsA * sz, rsA, csA, packed, pc + s * n * sz, n, 0], q);
  }
  pool.run(f32 ? "gemmPackedBF32" : "gemmPackedBF64", nrow, rowArgs, PACKED_ARGS, scratch, scratchBytes, mem, workers,
    early ? { afterTask: copyFinished } : undefined);
  if (!early) return f32 ? arena.copyOut(Float32Array, pc, m * n) : arena.copyOut(Float64Array, pc, m * n);
  for (let t = 0; t < nrow; t++) if (!copied[t]) copyRows(t);
  return out!;
}

/**
 * Row blocks over m rows for `threads` threads, as their starts (and m last): whole `mc` blocks
 * where every thread gets at least two, else about 4 blocks per thread in multiples of 4 rows (at least 16).
 * NOTE: whole mc blocks, not smaller ones at the end for balance (guided): each block streams the
 * packed B once per mc rows, as one gemm call does; guided blocks down to 16 rows cost +5% CPU time
 * (float32 1024², paired, this machine), more than the balance they bring. A guided tail only (the
 * last threads·mc rows in blocks shrinking to 16) shortened the replayed quiet schedule by 1.7%
 * (bench/matmul-split-schedule.mjs: the worker's wait at the end 1.8 -> 0.5 ms, while the calling
 * thread copies blocks out) but raised the 2-thread CPU sum by ~2.5% (per-child threads/one CPU
 * 1.046 vs 1.020, 10 alternating rounds, load 11-12): not kept.
 */
export function rowBlocks(m: number, threads: number, mc: number): number[] {
  const rows = m >= 2 * threads * mc ? mc : Math.max(16, Math.ceil(m / (4 * threads) / 4) * 4);
  const starts: number[] = [];
  for (let s = 0; s < m; s += rows) starts.push(s);
  starts.push(m);
  return starts;
}

/** GEMM blocking (assembly/gemm.ts): KC rows of op(B) per packed block, NC columns per strip, by element size. */
const KC_ROWS = 512;
const NC_COLS = { 4: 1024, 8: 512 } as const;

/**
 * The tasks that pack the k×n op(B) (element strides rsB, csB, at byte offset pb) whole into
 * `packed` (gemmPackedB's layout): one per KC-row block, NC-column strip and range of NR-wide
 * panels (about 4 ranges per thread), as gemmPackB calls on that block alone (`args`, PACK_ARGS each:
 * its layout within a block is the block's own), in the order of `needs`: how many of B's stored
 * elements (a prefix) each task reads, never decreasing, so that the caller may release each task
 * once that much of B is copied in.
 */
export function packTasks(
  k: number, n: number, rsB: number, csB: number, sz: 4 | 8, threads: number, pb: number, packed: number,
): { args: number[]; needs: number[] } {
  const nr = NR_COLS[sz];
  const nc = NC_COLS[sz];
  const panels = Math.ceil(n / nr);
  const perPack = Math.ceil(panels / Math.min(panels, 4 * threads)) * nr;
  const tasks: { need: number; args: number[] }[] = [];
  for (let jc = 0; jc < n; jc += nc) {
    const w = Math.min(nc, n - jc);
    const ncp = Math.ceil(w / nr) * nr;
    for (let pc = 0; pc < k; pc += KC_ROWS) {
      const kc = Math.min(KC_ROWS, k - pc);
      for (let s = 0; s < w; s += perPack) {
        const e = Math.min(w, s + perPack);
        // The last element it reads: op(B)(pc + kc − 1, jc + e − 1).
        const need = (pc + kc - 1) * rsB + (jc + e - 1) * csB + 1;
        tasks.push({ need, args: [kc, w, pb + (pc * rsB + jc * csB) * sz, rsB, csB, packed + (jc * k + pc * ncp) * sz, s, e] });
      }
    }
  }
  // NOTE: stable sort by the prefix each task reads: row-major B (rsB = n) releases a KC block at a
  // time, transposed B (csB = k) a column range at a time.
  tasks.sort((x, y) => x.need - y.need);
  return { args: tasks.flatMap((t) => t.args), needs: tasks.map((t) => t.need) };
}

/** Arguments of a gemmPackB task and of a gemmPackedB task (before the scratch offset). */
const PACK_ARGS = 8;
const PACKED_ARGS = 10;
