import cliProgress from "cli-progress";
import type { CliIO } from "../cli-io.js";
import { processIO } from "../cli-io.js";
import type { BatchProgress } from "./loop.js";

/** Seconds as `m:ss` (or `h:mm:ss`). */
export function clock(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "-:--";
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

/** An integer with thousands separators: 60,000. */
export const count = (n: number): string => Math.round(n).toLocaleString("en-US");

/** One epoch's progress bar (cli-progress) on standard error: throughput, ETA, running loss and accuracy. */
export interface EpochBar {
  start(epoch: number, total: number): void;
  update(p: BatchProgress): void;
  stop(): void;
}

/** A bar that draws nothing (`--no-progress`). */
export const silentBar: EpochBar = { start() {}, update() {}, stop() {} };

/**
 * The progress bar of `wengert train`. On a terminal it redraws in place (at most 10 times a second)
 * and is cleared when the epoch ends, leaving the epoch's summary line; elsewhere (a log file, CI) it
 * prints a line every `logEverySeconds`, and at the start and end of each epoch.
 */
export function epochBar(epochs: number, io: CliIO = processIO, logEverySeconds = 5): EpochBar {
  const stream =
    io === processIO
      ? process.stderr
      : // In-process callers (tests) get plain lines, as a log file would.
        ({ isTTY: false, columns: 200, write: (s: string) => (io.stderr(s), true) } as unknown as NodeJS.WritableStream);
  const tty = (stream as { isTTY?: boolean }).isTTY === true;
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: `epoch {epoch}/${epochs} {bar} {percentage}% | {value}/{total} | {speed} ex/s | ETA {etaText} | loss {loss} | acc {acc}`,
      barsize: 24,
      hideCursor: tty,
      clearOnComplete: true, // on a terminal the bar gives way to the epoch line; in a log, no blank line
      noTTYOutput: true,
      notTTYSchedule: logEverySeconds * 1000,
      fps: 10,
      formatValue: (v, _o, type) => (type === "value" || type === "total" ? count(v) : String(v)),
    },
    cliProgress.Presets.shades_classic,
  );
  let running = false;
  return {
    start(epoch, total) {
      bar.start(total, 0, { epoch, speed: "-", etaText: "-:--", loss: "-", acc: "-" });
      running = true;
    },
    update(p) {
      const eta = p.examplesPerSecond > 0 ? (p.total - p.examples) / p.examplesPerSecond : Number.NaN;
      bar.update(p.examples, { speed: count(p.examplesPerSecond), etaText: clock(eta), loss: p.loss.toFixed(4), acc: p.accuracy.toFixed(4) });
    },
    stop() {
      if (running) bar.stop();
      running = false;
    },
  };
}
