import { checkInteger } from "../../core/validate.js";
import { getKernels, type WasmKernels } from "./module.js";
import { hardwareThreads, ThreadPool, threadsSupported } from "./pool.js";
import type { ThreadChooser } from "./thread-chooser.js";

/** The kernel exports a pool thread may run. */
export const POOL_FUNCTIONS = [
  "gemmF32", "gemmF64", "gemmUpdateF32", "gemmUpdateF64", "gemmPackBF32", "gemmPackBF64", "gemmPackedBF32", "gemmPackedBF64", "poolProbe",
  "conv2dImageF32", "conv2dImageF64", "conv2dInputGradImageF32", "conv2dInputGradImageF64", "conv2dWeightGradImagesF32", "conv2dWeightGradImagesF64",
] as const;

const hardware = hardwareThreads();
let numThreads = Math.max(1, Math.min(hardware, 16));
/** Whether setNumThreads has been called (else large kernels choose the pool by measurement: choosePool). */
let explicit = false;

/**
 * The most threads `setNumThreads` starts: the hardware's thread count, or 16 where that is fewer.
 * NOTE: larger requests are clamped to it, not refused: a worker costs ~4 MB and more workers than
 * cores only wait for each other (1,000 took 4 GB; 1e9 aborted the process).
 */
export const MAX_THREADS = Math.max(hardware, 16);
let pool: ThreadPool | null = null;

/** True when the wasm kernels loaded with shared memory and this platform can start worker threads. */
export function multithreadingAvailable(): boolean {
  const k = getKernels();
  return k !== null && k.shared && threadsSupported();
}

/**
 * Sets how many threads large wasm kernels (matmul) split across, the calling thread included
 * (default: the number of hardware threads, used by each size of call only where it has measured
 * faster than one thread in this process: see ThreadChooser). 1 turns worker threads off; any call
 * fixes the count (no more measuring). `n` must be an integer
 * ≥ 1 (else an ArgumentError); above `MAX_THREADS` (the hardware's count, at least 16) it is
 * clamped to it. Where threads are unavailable (no shared memory: a browser page without
 * cross-origin isolation, or the wasm kernels not built) the setting is kept but kernels run on one thread.
 */
export function setNumThreads(n: number): void {
  checkInteger(n, "setNumThreads", "n", 1);
  numThreads = Math.min(n, MAX_THREADS);
  explicit = true;
  // A pool too small is replaced; a larger one is kept and runs jobs on its first n − 1 workers,
  // so switching the count back and forth costs nothing (workers take ~50 ms to start).
  if (pool && pool.size < numThreads - 1) {
    pool.close();
    pool = null;
  }
}

/**
 * The threads large wasm kernels actually use: the setNumThreads count (default: the hardware's)
 * where worker threads are available, else 1 (no shared memory, e.g. a page that is not
 * cross-origin isolated; or the wasm kernels not loaded yet, or not built).
 */
export function getNumThreads(): number {
  return multithreadingAvailable() ? numThreads : 1;
}

/**
 * The pool for the current setting (started on first use; it may hold more workers than the
 * setting asks for: pass `getNumThreads() - 1` as the worker count to `run`); null on one thread,
 * and for `kernels` other than the loaded ones (a transient instance: workers share only their memory).
 */
export function getPool(kernels: WasmKernels | null = getKernels()): ThreadPool | null {
  if (numThreads <= 1 || kernels !== getKernels() || !multithreadingAvailable()) return null;
  if (!pool) {
    const k = getKernels()!;
    pool = new ThreadPool(k.module, k.memory, k.exports, POOL_FUNCTIONS, numThreads - 1);
  }
  return pool;
}

/** The pool a call runs on (null: the calling thread), and `done`, to call when the call has finished. */
export interface PoolChoice {
  pool: ThreadPool | null;
  /** Records the call's time (with the default thread count); `onPool`: whether it did run on the pool. */
  done(onPool: boolean): void;
}

const untimed = (): void => {};

/**
 * The pool for a large call of `work` multiply-adds: with a thread count set by setNumThreads, the
 * pool whenever there is one; with the default count, where `chooser` has measured the pool faster
 * for calls of this size (timed from here to `done`, once every worker has started).
 */
export function choosePool(kernels: WasmKernels, chooser: ThreadChooser, work: number): PoolChoice {
  if (explicit) return { pool: getPool(kernels), done: untimed };
  const pool = chooser.parallel(work) ? getPool(kernels) : null;
  // A pool whose workers are still starting runs most tasks on the calling thread: not timed.
  if (pool !== null && pool.ready < numThreads - 1) return { pool, done: untimed };
  const t0 = performance.now();
  return { pool, done: (onPool) => chooser.record(work, onPool, performance.now() - t0) };
}
