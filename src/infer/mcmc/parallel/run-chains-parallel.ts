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

const ERRORS: Record<string, new (m: string) => Error> = { ArgumentError, ShapeError, DTypeError, TransformError, AutogradError };

/** The number of hardware threads, or 1 when unknown. */
export function hardwareThreads(): number {
  const os = nodeBuiltin<{ availableParallelism?: () => number; cpus(): unknown[] }>("node:os");
  return os ? (os.availableParallelism?.() ?? os.cpus().length) : ((globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1);
}

/**
 * Runs the chains in `workers` worker threads (Node's worker_threads), chain c under `split(key,
 * chains)[c]` as `runChains` does, so the draws equal a sequential run's bit for bit. Each worker
 * imports the model's module and builds its log density; progress messages are passed to
 * `cfg.progress` on this thread.
 * NOTE: Node only: a browser has no synchronous way to hand a worker the library's module URL and a
 * module worker per chain was not built; there `chainMethod: "parallel"` is an error that says so.
 */
export async function runChainsParallel(
  target: SamplingTarget, cfg: SamplerConfig, chains: number, key: PRNGKey,
  model: { url: string; name: string; args: readonly unknown[] }, workers: number,
): Promise<ChainsOutput> {
  const wt = nodeBuiltin<WorkerThreads>("node:worker_threads");
  if (wt === null) throw new ArgumentError(`${cfg.fn}: options.chainMethod "parallel" needs Node's worker_threads (Node ≥ 20.16); in a browser use "sequential"`);
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
  const pool: NodeWorker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let next = 0;
      let done = 0;
      const fail = (e: Error): void => reject(e);
      const give = (w: NodeWorker): void => {
        if (next < chains) w.postMessage(tasks[next++]);
      };
      for (let i = 0; i < Math.min(workers, chains); i++) {
        const w = new wt.Worker(WORKER_SOURCE, { eval: true, workerData: { entry } });
        pool.push(w);
        w.on("message", (m) => {
          if (m.type === "ready") give(w);
          else if (m.type === "progress") progress?.(m.chain, m.iteration, m.phase);
          else if (m.type === "done") {
            results[m.chain] = m.result;
            if (++done === chains) resolve();
            else give(w);
          } else fail(new (ERRORS[m.name] ?? Error)(m.message));
        });
        w.on("error", fail);
        w.on("exit", (code) => {
          if (done < chains) fail(new Error(`${cfg.fn}: a chain worker exited (code ${code}) before its chains were done`));
        });
      }
    });
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return { results, siteDraws: constrainDraws(target, cfg.samples, results) };
}
