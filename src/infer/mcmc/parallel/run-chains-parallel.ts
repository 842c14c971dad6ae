import { ArgumentError, AutogradError, DTypeError, ShapeError, TransformError } from "../../../core/errors.js";
import { getBackend } from "../../../backend/backend.js";
import { cpuBackend } from "../../../backend/cpu/cpu-backend.js";
import { nodeBuiltin } from "../../../backend/wasm/module.js";
import type { PRNGKey } from "../../../random/key.js";
import { split } from "../../../random/split.js";
import type { ChainResult } from "../chain-result.js";
import { constrainDraws, type ChainsOutput } from "../run-chains.js";
import type { SamplerConfig } from "../sampler-config.js";
import type { SamplingTarget } from "../sampling-target.js";
import type { ChainTask, WorkerMessage } from "./chain-task.js";

/** The slice of Node's worker_threads used here. */
interface NodeWorker {
  on(event: "message", f: (m: WorkerMessage) => void): void;
  on(event: "error", f: (e: Error) => void): void;
  on(event: "exit", f: (code: number) => void): void;
  postMessage(m: unknown): void;
  terminate(): Promise<number>;
}
interface WorkerThreads {
  Worker: new (src: string, opts: { eval: true; workerData: unknown }) => NodeWorker;
}
/** The slice of the browser's (Web) Worker used here. */
interface WebWorker {
  onmessage: ((e: { data: WorkerMessage }) => void) | null;
  onerror: ((e: { message?: string }) => void) | null;
  postMessage(m: unknown): void;
  terminate(): void;
}
type WebWorkerClass = new (url: string, opts: { type: "module" }) => WebWorker;

// The worker's program: plain JS (CommonJS, eval), importing the library's worker entry by URL.
const WORKER_SOURCE = `
"use strict";
const { parentPort, workerData } = require("node:worker_threads");
// From TypeScript sources (tsx) the worker registers tsx's loader first; built code needs nothing.
const loader = workerData.entry.endsWith(".ts") ? import("tsx/esm/api").then((m) => m.register()) : Promise.resolve();
loader.then(() => import(workerData.entry)).then((entry) => {
  parentPort.on("message", (task) => {
    const report = (chain, iteration, phase) => parentPort.postMessage({ type: "progress", chain, iteration, phase });
    entry.runWorkerChain(task, report).then(
      (result) => parentPort.postMessage({ type: "done", chain: task.chain, result },
        [result.draws, result.acceptStat, result.stepSize, result.treeDepth, result.nLeapfrog, result.divergent, result.energy, result.lp, result.inverseMetric].map((a) => a.buffer)),
      (e) => parentPort.postMessage({ type: "error", chain: task.chain, name: (e && e.name) || "Error", message: String((e && e.message) || e) }),
    );
  });
  parentPort.postMessage({ type: "ready" });
}, (e) => parentPort.postMessage({ type: "error", chain: -1, name: "Error", message: "the chain worker could not load the library: " + String((e && e.message) || e) }));
`;

/**
 * The browser worker's program (an ES module worker from a Blob URL): the same protocol as
 * `WORKER_SOURCE`, importing the library's worker entry by its absolute URL.
 */
function webWorkerSource(entry: string): string {
  return `
const fail = (chain, e) => postMessage({ type: "error", chain, name: (e && e.name) || "Error", message: String((e && e.message) || e) });
import(${JSON.stringify(entry)}).then((entry) => {
  self.onmessage = (ev) => {
    const task = ev.data;
    const report = (chain, iteration, phase) => postMessage({ type: "progress", chain, iteration, phase });
    entry.runWorkerChain(task, report).then(
      (result) => postMessage({ type: "done", chain: task.chain, result },
        [result.draws, result.acceptStat, result.stepSize, result.treeDepth, result.nLeapfrog, result.divergent, result.energy, result.lp, result.inverseMetric].map((a) => a.buffer)),
      (e) => fail(task.chain, e),
    );
  };
  postMessage({ type: "ready" });
}, (e) => fail(-1, new Error("the chain worker could not load the library: " + String((e && e.message) || e))));
`;
}

/** A chain worker of either platform, seen through the calls this file makes. */
interface ChainWorker {
  listen(onMessage: (m: WorkerMessage) => void, onError: (e: Error) => void): void;
  post(task: ChainTask): void;
  terminate(): Promise<unknown>;
}

/** A Node worker thread running `entry`. */
function nodeChainWorker(wt: WorkerThreads, entry: string, fn: string, unfinished: () => boolean): ChainWorker {
  const w = new wt.Worker(WORKER_SOURCE, { eval: true, workerData: { entry } });
  return {
    listen(onMessage, onError) {
      w.on("message", onMessage);
      w.on("error", onError);
      w.on("exit", (code) => {
        if (unfinished()) onError(new Error(`${fn}: a chain worker exited (code ${code}) before its chains were done`));
      });
    },
    post: (task) => w.postMessage(task),
    terminate: () => w.terminate(),
  };
}

/** A browser module worker (from a Blob URL) running `entry`. */
function webChainWorker(Worker: WebWorkerClass, entry: string, fn: string): ChainWorker {
  const url = URL.createObjectURL(new Blob([webWorkerSource(entry)], { type: "text/javascript" }));
  const w = new Worker(url, { type: "module" });
  return {
    listen(onMessage, onError) {
      w.onmessage = (e) => onMessage(e.data);
      w.onerror = (e) => onError(new Error(`${fn}: a chain worker failed: ${e.message ?? "(no message)"}`));
    },
    post: (task) => w.postMessage(task),
    terminate: async () => {
      w.terminate();
      URL.revokeObjectURL(url);
    },
  };
}

const ERRORS: Record<string, new (m: string) => Error> = { ArgumentError, ShapeError, DTypeError, TransformError, AutogradError };

/** The number of hardware threads, or 1 when unknown. */
export function hardwareThreads(): number {
  const os = nodeBuiltin<{ availableParallelism?: () => number; cpus(): unknown[] }>("node:os");
  return os ? (os.availableParallelism?.() ?? os.cpus().length) : ((globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1);
}

/**
 * Runs the chains in `workers` worker threads (Node's worker_threads or Web Workers), chain c under `split(key,
 * chains)[c]` as `runChains` does, so the draws equal a sequential run's bit for bit. Each worker
 * imports the model's module and builds its log density; progress messages are passed to
 * `cfg.progress` on this thread.
 * In a browser (no worker_threads, a global `Worker`) the workers are ES module Web Workers that
 * import the library's worker entry and the model's module by URL.
 * NOTE: the entry is found beside this file (`import.meta.url`), so the library must be served as its
 * files (dist/ as built); a bundle that inlines this file has no entry to import.
 */
export async function runChainsParallel(
  target: SamplingTarget, cfg: SamplerConfig, chains: number, key: PRNGKey,
  model: { url: string; name: string; args: readonly unknown[] }, workers: number,
): Promise<ChainsOutput> {
  const wt = nodeBuiltin<WorkerThreads>("node:worker_threads");
  const Web = (globalThis as { Worker?: WebWorkerClass }).Worker;
  if (wt === null && typeof Web !== "function")
    throw new ArgumentError(`${cfg.fn}: options.chainMethod "parallel" needs Node's worker_threads (Node ≥ 20.16) or Web Workers (a browser); this platform has neither: use "sequential"`);
  const keys = split(key, chains);
  const { progress, ...config } = cfg;
  const tasks: ChainTask[] = keys.map((k, c) => ({
    module: model.url, export: model.name, args: model.args, config, k0: k.k0, k1: k.k1, chain: c,
    progress: progress !== undefined, cpuBackend: getBackend() === cpuBackend,
  }));
  // NOTE: the entry has this file's extension: .js when built, .ts when run from source (tsx). The
  // URL is built from a variable so bundlers do not take it for an asset to emit.
  const here = import.meta.url;
  const ext = /\.[cm]?[jt]s$/.exec(new URL(here).pathname)?.[0] ?? ".js";
  const entry = new URL("./chain-worker-entry" + ext, here).href;
  const results: ChainResult[] = new Array<ChainResult>(chains);
  const pool: ChainWorker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let next = 0;
      let done = 0;
      const fail = (e: Error): void => reject(e);
      const give = (w: ChainWorker): void => {
        if (next < chains) w.post(tasks[next++]!);
      };
      for (let i = 0; i < Math.min(workers, chains); i++) {
        const w = wt !== null ? nodeChainWorker(wt, entry, cfg.fn, () => done < chains) : webChainWorker(Web!, entry, cfg.fn);
        pool.push(w);
        w.listen((m) => {
          if (m.type === "ready") give(w);
          else if (m.type === "progress") progress?.(m.chain, m.iteration, m.phase);
          else if (m.type === "done") {
            results[m.chain] = m.result;
            if (++done === chains) resolve();
            else give(w);
          } else fail(new (ERRORS[m.name] ?? Error)(m.message));
        }, fail);
      }
    });
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return { results, siteDraws: constrainDraws(target, cfg.samples, results) };
}
