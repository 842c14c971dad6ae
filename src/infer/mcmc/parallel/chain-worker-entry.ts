import { cpuBackend } from "../../../backend/cpu/cpu-backend.js";
import { setBackend } from "../../../backend/backend.js";
import { PRNGKey } from "../../../random/key.js";
import { logDensity, type ModelLogDensity } from "../../model/log-density.js";
import type { ChainResult } from "../chain-result.js";
import { runChain } from "../run-chain.js";
import type { ChainTask } from "./chain-task.js";
import { loadModel } from "./model-ref.js";
import { decodeArgs } from "./wire.js";

/** Log densities this worker has built, by task (module, export, arguments): a worker running several chains builds it once. */
const built = new Map<string, ModelLogDensity>();

/**
 * Runs one chain in a worker (what `chainMethod: "parallel"` starts): imports the model's module,
 * builds its log density from the arguments (as the main thread does) and runs `runChain` under
 * the chain's key, so the draws equal a sequential run's bit for bit.
 */
export async function runWorkerChain(task: ChainTask, report: (chain: number, iteration: number, phase: "warmup" | "sampling") => void): Promise<ChainResult> {
  if (task.cpuBackend) setBackend(cpuBackend);
  const id = `${task.module}#${task.export}`;
  let ld = built.get(id);
  if (ld === undefined) {
    const model = await loadModel(task.module, task.export, task.config.fn, "model");
    ld = logDensity(model, { args: decodeArgs(task.args) });
    built.set(id, ld);
  }
  // NOTE: progress at most every 1% (and at the end), so messages stay few.
  const total = task.config.warmup + task.config.samples;
  const every = Math.max(1, Math.floor(total / 100));
  const progress = task.progress ? (c: number, it: number, phase: "warmup" | "sampling") => (it % every === 0 || it === total) && report(c, it, phase) : undefined;
  return runChain(ld, { ...task.config, progress: progress as never }, new PRNGKey(task.k0, task.k1), task.chain);
}
