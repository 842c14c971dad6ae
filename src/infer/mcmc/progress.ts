import { argumentError } from "../../core/validate.js";
import { progressDisplay, type ProgressDisplay } from "../progress/progress-display.js";
import type { ProgressCallback } from "./mcmc-options.js";

/** The resolved `progress` option: a per-iteration callback, and `stop` to end a display however the run ends. */
export type ProgressSink = ProgressCallback & { readonly stop?: () => void };

/**
 * The `progress` option as a per-iteration function: the user's callback, or for `true` a display
 * made on the first iteration: in Node on a terminal one cli-progress bar per chain ("infer.nuts
 * chain 1/4 ████░░ 40% | 800/2000 | warmup"); in Node elsewhere one line per chain on stderr when it
 * ends; in a browser nothing (use a callback there).
 */
export function progressReporter(progress: unknown, fn: string, chains: number, total: number): ProgressSink | undefined {
  if (progress === undefined || progress === false) return undefined;
  if (typeof progress === "function") return progress as ProgressCallback;
  if (progress !== true) throw argumentError(fn, "options.progress", "a boolean or a function (chain, iteration, phase)", progress);
  let display: ProgressDisplay | null = null;
  let finished = 0;
  const labels = Array.from({ length: chains }, (_, c) => `${fn} chain ${c + 1}/${chains}`);
  const totals = labels.map(() => total);
  const stop = (): void => {
    display?.stop();
    display = null;
  };
  const report = (chain: number, iteration: number, phase: "warmup" | "sampling"): void => {
    display ??= progressDisplay(labels, totals, "end");
    display.update(chain, iteration, phase);
    if (iteration === total && ++finished === chains) stop();
  };
  return Object.assign(report, { stop });
}
