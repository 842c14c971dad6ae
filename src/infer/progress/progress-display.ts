import { loadCliProgress, type MultiBarLike } from "./cli-progress.js";

/** The slice of Node's `process.stderr` this file uses (read from `globalThis`, so browsers never load Node code). */
interface Stderr {
  isTTY?: boolean;
  columns?: number;
  write(s: string): unknown;
}

/** A progress display of one or more tasks (the chains of a sampler, the steps of an optimisation). */
export interface ProgressDisplay {
  /** "bars" on a terminal, "lines" on a stream that is not one, "silent" in a browser or when lines are not wanted. */
  readonly kind: "bars" | "lines" | "silent";
  /** Task `task` has reached `value` of its total; `status` is a short text shown beside it. */
  update(task: number, value: number, status: string): void;
  /** Ends the display (idempotent); on a terminal the bars stay, drawn in their final state. */
  stop(): void;
}

/** How a display without a terminal prints: a line when a task ends, also at every tenth of it, or nothing. */
export type LineMode = "end" | "tenths" | "none";

const silent: ProgressDisplay = { kind: "silent", update() {}, stop() {} };

/** Node's stderr, or undefined in a browser. */
function stderr(): Stderr | undefined {
  return (globalThis as { process?: { stderr?: Stderr } }).process?.stderr;
}

/** Milliseconds since an arbitrary origin (performance.now where present). */
const clock = (): number => (globalThis.performance?.now() ?? Date.now());

/** cli-progress bars, one per task, redrawn at most every 100 ms (the samplers are synchronous: no timer would fire). */
function bars(lib: NonNullable<ReturnType<typeof loadCliProgress>>, err: Stderr, labels: readonly string[], totals: readonly number[]): ProgressDisplay {
  const width = Math.max(...labels.map((l) => l.length));
  const multi: MultiBarLike = new lib.MultiBar(
    {
      stream: err,
      format: "{label} {bar} {percentage}% | {value}/{total} | {status}",
      barsize: 24,
      hideCursor: true,
      clearOnComplete: false,
      stopOnComplete: false,
      gracefulExit: true,
      fps: 10,
    },
    lib.Presets.shades_classic,
  );
  const rows = labels.map((l, i) => multi.create(totals[i]!, 0, { label: l.padEnd(width), status: "" }));
  let last = -Infinity;
  let stopped = false;
  return {
    kind: "bars",
    update(task, value, status) {
      if (stopped) return;
      rows[task]!.update(value, { status });
      const t = clock();
      if (t - last >= 100 || value === totals[task]) {
        last = t;
        multi.update();
      }
    },
    stop() {
      if (stopped) return;
      stopped = true;
      multi.stop();
    },
  };
}

/** Plain lines on a stream that is not a terminal: one when a task ends (with its time), or at every tenth too. */
function lines(err: Stderr, labels: readonly string[], totals: readonly number[], mode: LineMode): ProgressDisplay {
  const started = labels.map(() => NaN);
  const next = totals.map((t) => (mode === "tenths" ? Math.max(1, Math.ceil(t / 10)) : t));
  return {
    kind: "lines",
    update(task, value, status) {
      if (started[task] !== started[task]) started[task] = clock();
      const total = totals[task]!;
      if (value < next[task]!) return;
      const pct = Math.round((100 * value) / total);
      const secs = ((clock() - started[task]!) / 1000).toFixed(2);
      if (mode === "end") err.write(`${labels[task]}: done, ${total} iterations in ${secs} s\n`);
      else err.write(`${labels[task]}: ${value} / ${total} [${String(pct).padStart(3)}%] in ${secs} s${status ? ` | ${status}` : ""}\n`);
      next[task] = value >= total ? Infinity : mode === "tenths" ? Math.min(total, next[task]! + Math.max(1, Math.ceil(total / 10))) : total;
    },
    stop() {},
  };
}

/**
 * The display behind `progress: true`: in Node on a terminal, cli-progress bars (one per task,
 * loaded lazily); in Node elsewhere (a log file, CI), plain lines on stderr (`mode`); in a browser,
 * nothing. NOTE: browsers get no console output: a page shows progress through the callback form.
 */
export function progressDisplay(labels: readonly string[], totals: readonly number[], mode: LineMode): ProgressDisplay {
  const err = stderr();
  if (err === undefined || typeof err.write !== "function") return silent;
  if (err.isTTY === true) {
    const lib = loadCliProgress();
    if (lib !== null) return bars(lib, err, labels, totals);
  }
  return mode === "none" ? silent : lines(err, labels, totals, mode);
}
