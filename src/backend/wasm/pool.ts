import { nodeBuiltin } from "./module.js";

/**
 * A pool of worker threads that run wasm kernel calls over one shared memory.
 *
 * Every worker instantiates the same compiled module over the same shared `WebAssembly.Memory`, so
 * a task is just "call export F with these int32 arguments": no data is copied between threads.
 * The calling thread takes part too, which keeps the API synchronous: `run` returns when every task
 * is done. Tasks are claimed dynamically from one atomic counter, so a slow or descheduled thread
 * delays the job by one task at most, and a job with more tasks than threads simply loops.
 *
 * Platforms: Node's worker_threads (through process.getBuiltinModule: no import statement, so browsers
 * and bundlers never see it),
 * or browser Web Workers where shared memory exists (cross-origin-isolated pages). Elsewhere
 * there is no pool and kernels run on the calling thread. Workers are unref'd in Node: an idle
 * pool never keeps a process alive.
 *
 * Control block (an Int32Array over its own SharedArrayBuffer): the calling thread writes a job's
 * parameters, then opens the claim counter tagged with the job's generation and bumps GEN (workers
 * sleep in Atomics.wait on GEN). A claim is a compare-and-swap on NEXT = tag << 16 | index, so a worker
 * that wakes late can never take a task of a later job; only tasks below LIMIT may be claimed (the
 * caller raises it as a job's inputs arrive: CallerWork.released; workers wait on it). Errors in a
 * task are recorded (the first one wins) and rethrown by `run` on the calling thread once all tasks
 * have finished.
 */

const GEN = 0;
const NEXT = 1;
const DONE = 2;
const NTASKS = 3;
const FN = 4;
const NARGS = 5;
const ARGS = 6;
const SCRATCH = 7;
const SCRATCH_STRIDE = 8;
const ERR = 9;
const ERR_TASK = 10;
const ERR_LEN = 11;
const READY = 12;
const STOP = 13;
const ACTIVE = 14;
const LIMIT = 15;
const CTRL_INTS = 16;
const MSG_BYTES = 1024;
const CLOSED = -1;
/** Largest number of tasks in one job (the index field of NEXT). */
export const MAX_TASKS = 0x7fff;

// The worker's whole program. Plain JS (a string), so it needs no file on disk and no bundler help.
const WORKER_SOURCE = `
"use strict";
const C = { GEN: ${GEN}, NEXT: ${NEXT}, DONE: ${DONE}, NTASKS: ${NTASKS}, FN: ${FN}, NARGS: ${NARGS}, ARGS: ${ARGS},
  SCRATCH: ${SCRATCH}, SCRATCH_STRIDE: ${SCRATCH_STRIDE}, ERR: ${ERR}, ERR_TASK: ${ERR_TASK}, ERR_LEN: ${ERR_LEN},
  READY: ${READY}, STOP: ${STOP}, ACTIVE: ${ACTIVE}, LIMIT: ${LIMIT} };
function main(data) {
  const { module, memory, ctrlBuffer, doneBuffer, names, tid } = data;
  const finished = new Uint8Array(doneBuffer);
  const exports = new WebAssembly.Instance(module, { env: { memory, abort() { throw new Error("wasm kernel aborted"); } } }).exports;
  const fns = names.map((n) => exports[n]);
  const ctrl = new Int32Array(ctrlBuffer);
  const msg = new Uint8Array(ctrlBuffer, ${CTRL_INTS * 4}, ${MSG_BYTES});
  let gen = Atomics.load(ctrl, C.GEN);
  Atomics.add(ctrl, C.READY, 1);
  for (;;) {
    Atomics.wait(ctrl, C.GEN, gen);
    gen = Atomics.load(ctrl, C.GEN);
    if (Atomics.load(ctrl, C.STOP)) return;
    if (tid > ctrl[C.ACTIVE]) continue; // not needed for this job (fewer threads requested)
    const tag = gen & ${MAX_TASKS};
    const fn = fns[ctrl[C.FN]], nargs = ctrl[C.NARGS], argsPtr = ctrl[C.ARGS], ntasks = ctrl[C.NTASKS];
    const scratch = ctrl[C.SCRATCH] + tid * ctrl[C.SCRATCH_STRIDE];
    for (;;) {
      const v = Atomics.load(ctrl, C.NEXT);
      if ((v >>> 16) !== tag || (v & 0xffff) >= ntasks) break;
      const lim = Atomics.load(ctrl, C.LIMIT);
      if ((v & 0xffff) >= lim) {
        Atomics.wait(ctrl, C.LIMIT, lim); // the caller releases more tasks (CallerWork.before)
        continue;
      }
      if (Atomics.compareExchange(ctrl, C.NEXT, v, v + 1) !== v) continue;
      const i = v & 0xffff;
      try {
        const a = new Int32Array(memory.buffer, argsPtr + i * nargs * 4, nargs);
        fn(...a, scratch);
      } catch (e) {
        if (Atomics.compareExchange(ctrl, C.ERR, 0, 1) === 0) {
          const text = new TextEncoder().encode(String(e && e.message ? e.message : e)).slice(0, ${MSG_BYTES});
          msg.set(text);
          ctrl[C.ERR_LEN] = text.length;
          ctrl[C.ERR_TASK] = i;
        }
      }
      Atomics.store(finished, i, 1);
      if (Atomics.add(ctrl, C.DONE, 1) + 1 === ntasks) Atomics.notify(ctrl, C.DONE);
    }
  }
}
if (typeof self !== "undefined" && typeof self.postMessage === "function" && typeof require === "undefined") {
  self.onmessage = (e) => main(e.data);
} else {
  main(require("node:worker_threads").workerData);
}
`;

interface NodeWorkerModule {
  Worker: new (code: string, options: { eval: true; workerData: unknown }) => { unref(): void; terminate(): Promise<number> };
}

const isNode = typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === "string";

/** Node's worker_threads, synchronously and without an import statement (see nodeBuiltin); null elsewhere. */
const nodeWorkers = isNode ? nodeBuiltin<NodeWorkerModule>("node:worker_threads") : null;

/** True where worker threads over shared memory can be started. */
export function threadsSupported(): boolean {
  if (typeof SharedArrayBuffer === "undefined" || typeof Atomics === "undefined") return false;
  if (nodeWorkers) return true;
  const g = globalThis as { Worker?: unknown; crossOriginIsolated?: boolean; Blob?: unknown; URL?: { createObjectURL?: unknown } };
  return typeof g.Worker === "function" && g.crossOriginIsolated === true && typeof g.Blob === "function";
}

/** Number of hardware threads (1 where unknown). */
export function hardwareThreads(): number {
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  if (nav?.hardwareConcurrency) return nav.hardwareConcurrency;
  const os = nodeBuiltin<{ availableParallelism?: () => number; cpus(): unknown[] }>("node:os");
  return os ? (os.availableParallelism?.() ?? os.cpus().length) : 1;
}

/** Whether this thread may block in Atomics.wait (Node's main thread may; a browser's main thread may not). */
const canBlock = ((): boolean => {
  if (typeof SharedArrayBuffer === "undefined") return false;
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
})();

/** A task failed in a pool thread; `task` is its index. */
export class PoolTaskError extends Error {
  constructor(message: string, readonly task: number) {
    super(message);
    this.name = "PoolTaskError";
  }
}

/**
 * Work the calling thread does inside a pool job besides its share of the tasks: `before` runs once
 * the job is published (the workers start on it meanwhile: e.g. copying the next operand into wasm
 * memory), `afterTask(i)` after each task i that the calling thread ran itself (e.g. copying that
 * task's finished rows out). An error in either is rethrown by `run` once every task has finished.
 * With `released`, workers may start only tasks below it at first: `before` opens more with
 * `release(n)` (tasks below n, e.g. once their input is in wasm memory), and every task once it returns.
 */
export interface CallerWork {
  /** Tasks open to the workers when the job starts (default: all). */
  released?: number;
  before?(release: (tasks: number) => void): void;
  afterTask?(task: number): void;
}

/** A pool of worker threads over one shared wasm memory; the calling thread takes part in every job. */
export class ThreadPool {
  private readonly ctrl: Int32Array;
  private readonly msg: Uint8Array;
  /** Byte i: task i of the current job has finished (set by whichever thread ran it). */
  private readonly finishedTasks: Uint8Array;
  private readonly fns: ((...args: number[]) => void)[];
  private readonly workers: { terminate(): unknown }[] = [];
  private gen = 0;
  private busy = false;

  /**
   * Starts `workers` threads over `memory` (shared), each instantiating `module`; `names` are the
   * exports tasks may call, and `exports` is the calling thread's own instance.
   */
  constructor(
    module: WebAssembly.Module,
    memory: WebAssembly.Memory,
    exports: Record<string, unknown>,
    private readonly names: readonly string[],
    workers: number,
  ) {
    const ctrlBuffer = new SharedArrayBuffer(CTRL_INTS * 4 + MSG_BYTES);
    this.ctrl = new Int32Array(ctrlBuffer, 0, CTRL_INTS);
    this.msg = new Uint8Array(ctrlBuffer, CTRL_INTS * 4, MSG_BYTES);
    const doneBuffer = new SharedArrayBuffer(MAX_TASKS);
    this.finishedTasks = new Uint8Array(doneBuffer);
    this.ctrl[NEXT] = CLOSED;
    this.fns = names.map((n) => exports[n] as (...args: number[]) => void);
    for (let t = 1; t <= workers; t++) {
      const data = { module, memory, ctrlBuffer, doneBuffer, names, tid: t };
      if (nodeWorkers) {
        const w = new nodeWorkers.Worker(WORKER_SOURCE, { eval: true, workerData: data });
        w.unref();
        this.workers.push(w);
      } else {
        const url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: "text/javascript" }));
        const w = new Worker(url);
        w.postMessage(data);
        this.workers.push(w);
      }
    }
  }

  /** Worker threads (not counting the calling thread). */
  get size(): number {
    return this.workers.length;
  }

  /**
   * Whether task `i` of the job now running has finished, on any thread (for CallerWork: e.g. to
   * copy out the results of tasks that workers have finished).
   */
  finished(i: number): boolean {
    return Atomics.load(this.finishedTasks, i) === 1;
  }

  /** Workers that have started and are waiting for work. */
  get ready(): number {
    return Atomics.load(this.ctrl, READY);
  }

  /**
   * Runs `ntasks` calls of export `name`: task i calls it with the `nargs` int32 arguments at
   * `argsPtr + 4·i·nargs` in wasm memory, followed by a per-thread scratch offset
   * `scratch + thread·scratchStride` (thread 0 is the caller). Returns when all have finished;
   * throws a PoolTaskError for the first task that threw, after the others have run. Only the
   * first `workers` workers take part (the others stay asleep). `caller`: what else the calling
   * thread does during the job (see CallerWork).
   */
  run(
    name: string, ntasks: number, argsPtr: number, nargs: number, scratch: number, scratchStride: number, memory: WebAssembly.Memory,
    workers = this.workers.length, caller?: CallerWork,
  ): void {
    if (this.busy) throw new Error("ThreadPool.run is not re-entrant");
    if (ntasks > MAX_TASKS) throw new RangeError(`ThreadPool.run: at most ${MAX_TASKS} tasks per job, got ${ntasks}`);
    const fnIndex = this.names.indexOf(name);
    if (fnIndex < 0) throw new Error(`ThreadPool.run: ${name} is not a pool function`);
    if (ntasks <= 0) return;
    const c = this.ctrl;
    this.busy = true;
    try {
      this.gen = (this.gen + 1) | 0;
      const tag = this.gen & MAX_TASKS;
      c[NTASKS] = ntasks;
      c[FN] = fnIndex;
      c[NARGS] = nargs;
      c[ARGS] = argsPtr;
      c[SCRATCH] = scratch;
      c[SCRATCH_STRIDE] = scratchStride;
      c[ERR] = 0;
      c[ACTIVE] = Math.max(0, Math.min(workers, this.workers.length));
      this.finishedTasks.fill(0, 0, ntasks);
      let released = Math.min(ntasks, Math.max(0, caller?.released ?? ntasks));
      Atomics.store(c, LIMIT, released);
      Atomics.store(c, DONE, 0);
      Atomics.store(c, NEXT, tag << 16);
      Atomics.store(c, GEN, this.gen);
      if (c[ACTIVE]! > 0) Atomics.notify(c, GEN);
      const fn = this.fns[fnIndex]!;
      let callerError: { error: unknown } | null = null;
      const release = (tasks: number): void => {
        if (tasks <= released) return;
        released = Math.min(ntasks, tasks);
        Atomics.store(c, LIMIT, released);
        Atomics.notify(c, LIMIT);
      };
      if (caller?.before) {
        try {
          caller.before(release);
        } catch (e) {
          callerError = { error: e };
        }
      }
      release(ntasks);
      const afterTask = caller?.afterTask;
      for (;;) {
        const v = Atomics.load(c, NEXT);
        if (v >>> 16 !== tag || (v & 0xffff) >= ntasks) break;
        if (Atomics.compareExchange(c, NEXT, v, v + 1) !== v) continue;
        const i = v & 0xffff;
        try {
          const a = new Int32Array(memory.buffer, argsPtr + i * nargs * 4, nargs);
          fn(...a, scratch);
        } catch (e) {
          if (Atomics.compareExchange(c, ERR, 0, 1) === 0) {
            const text = new TextEncoder().encode(e instanceof Error ? e.message : String(e)).slice(0, MSG_BYTES);
            this.msg.set(text);
            c[ERR_LEN] = text.length;
            c[ERR_TASK] = i;
          }
        }
        Atomics.store(this.finishedTasks, i, 1);
        Atomics.add(c, DONE, 1);
        if (afterTask && callerError === null) {
          try {
            afterTask(i);
          } catch (e) {
            callerError = { error: e };
          }
        }
      }
      for (let d = Atomics.load(c, DONE); d < ntasks; d = Atomics.load(c, DONE)) {
        if (canBlock) Atomics.wait(c, DONE, d, 100);
      }
      Atomics.store(c, NEXT, CLOSED);
      if (callerError !== null) throw callerError.error;
      if (Atomics.load(c, ERR)) {
        const text = new TextDecoder().decode(this.msg.slice(0, c[ERR_LEN]));
        throw new PoolTaskError(`task ${c[ERR_TASK]} of ${name} failed: ${text}`, c[ERR_TASK]!);
      }
    } finally {
      this.busy = false;
    }
  }

  /** Stops the workers. */
  close(): void {
    Atomics.store(this.ctrl, STOP, 1);
    Atomics.add(this.ctrl, GEN, 1);
    Atomics.notify(this.ctrl, GEN);
    for (const w of this.workers) void w.terminate();
    this.workers.length = 0;
  }
}
