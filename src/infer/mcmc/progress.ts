import { argumentError } from "../../core/validate.js";
import type { ProgressCallback } from "./mcmc-options.js";

/** The slice of Node's `process.stderr` this file uses (read from `globalThis`, so browsers never load Node code). */
interface Stderr {
  isTTY?: boolean;
  write(s: string): unknown;
}

/** Node's stderr, or undefined in a browser. */
function stderr(): Stderr | undefined {
  return (globalThis as { process?: { stderr?: Stderr } }).process?.stderr;
}

/**
 * The `progress` option as a per-iteration function: the user's callback, or for `true` a line like
 * Stan's "chain 1/4: iteration 500 / 2000 [25%] (warmup)": rewritten in place on a TTY at every
 * percent, printed every 10% otherwise (stderr in Node, `console.info` in browsers).
 *
 * NOTE: a plain line rather than a cli-progress bar, so the library imports nothing at run time and
 * stays browser-safe; the CLI can still draw a bar from the callback.
 */
export function progressReporter(progress: unknown, fn: string, chains: number, total: number): ProgressCallback | undefined {
  if (progress === undefined || progress === false) return undefined;
  if (typeof progress === "function") return progress as ProgressCallback;
  if (progress !== true) throw argumentError(fn, "options.progress", "a boolean or a function (chain, iteration, phase)", progress);
  const err = stderr();
  const live = err?.isTTY === true;
  const step = Math.max(1, Math.floor(total / (live ? 100 : 10)));
  return (chain, iteration, phase) => {
    if (iteration % step !== 0 && iteration !== total) return;
    const pct = Math.round((100 * iteration) / total);
    const line = `${fn}: chain ${chain + 1}/${chains}: iteration ${iteration} / ${total} [${String(pct).padStart(3)}%] (${phase})`;
    if (live) err!.write(`\r${line}${iteration === total ? "\n" : ""}`);
    else if (err) err.write(`${line}\n`);
    else console.info(line);
  };
}
