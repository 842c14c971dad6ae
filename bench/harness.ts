// Timing for the benchmark suite: warm-up, calibrated inner loops for tiny operations, and
// interleaved sampling so that every contestant of a case sees the same machine noise.
// Method as in the performance anchors (shared/research/perf-anchors.md): median and p25/p75 of
// the samples, and their mean (garbage-collection pauses hide in medians); a call slower than
// `slowMs` is sampled only a few times.

/** Milliseconds, high resolution. */
export const now = (): number => performance.now();

/** Summary of per-call times in milliseconds. */
export interface Stats {
  median: number;
  /** Mean of the samples (unlike the median, it counts the occasional garbage-collection pause). */
  mean: number;
  p25: number;
  p75: number;
  min: number;
  max: number;
  /** Number of samples. */
  samples: number;
  /** Calls per sample (the figures are per call). */
  inner: number;
}

/** Quantiles of `xs` (nearest rank, as the anchors' harness). */
export function stats(xs: readonly number[], inner = 1): Stats {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number): number => s[Math.min(s.length - 1, Math.floor(p * (s.length - 1) + 0.5))]!;
  const mean = s.reduce((acc, x) => acc + x, 0) / s.length;
  return { median: q(0.5), mean, p25: q(0.25), p75: q(0.75), min: s[0]!, max: s[s.length - 1]!, samples: s.length, inner };
}

/** One entry of an interleaved measurement. `run` is one call; it may return a promise (awaited, timed). */
export interface Contestant {
  id: string;
  run: () => unknown;
  /** Untimed, before every sample (e.g. switching the tfjs backend). */
  before?: () => unknown;
}

export interface InterleaveOptions {
  /** Untimed warm-up calls per contestant (a warm-up call slower than slowMs counts as a sample)... */
  warmup: number;
  /** ...and at least this long (JIT tier-up of small operations takes many calls). */
  warmupMs: number;
  minSamples: number;
  maxSamples: number;
  /** Wall-clock budget for the whole group; sampling goes on past it only until every contestant has minSamples. */
  budgetMs: number;
  /** A call slower than this is sampled only `slowSamples` times. */
  slowMs: number;
  slowSamples: number;
  /** When > 0, calls faster than this are repeated in an inner loop so that one sample lasts about this long. */
  targetSampleMs: number;
}

export type Measured = { ok: true; stats: Stats } | { ok: false; error: string };

const isPromise = (v: unknown): v is Promise<unknown> => typeof (v as { then?: unknown } | null)?.then === "function";

/** One event-loop turn (lets finalizers and WeakRef-held objects go between samples). */
export const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function timeOnce(c: Contestant, inner: number): Promise<number> {
  if (c.before) {
    const b = c.before();
    if (isPromise(b)) await b;
  }
  const t0 = now();
  for (let i = 0; i < inner; i++) {
    const r = c.run();
    if (isPromise(r)) await r;
  }
  return (now() - t0) / inner;
}

export function errorText(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`.slice(0, 300);
  return String(e).slice(0, 300);
}

interface State {
  c: Contestant;
  inner: number;
  times: number[];
  slow: boolean;
  error: string | null;
}

/**
 * Measures all contestants in rounds: each round takes one sample of each (rotating who goes
 * first), so drifts of the machine hit all of them alike. A contestant that throws is reported
 * with its error and dropped; the others go on.
 */
export async function interleave(contestants: readonly Contestant[], o: InterleaveOptions): Promise<Map<string, Measured>> {
  const states: State[] = contestants.map((c) => ({ c, inner: 1, times: [], slow: false, error: null }));
  // Warm-up and calibration, one contestant at a time.
  for (const s of states) {
    try {
      const ws: number[] = [];
      const w0 = now();
      for (let i = 0; i < o.warmup || now() - w0 < o.warmupMs; i++) {
        const t = await timeOnce(s.c, 1);
        ws.push(t);
        if (t > o.slowMs) {
          s.times.push(t);
          s.slow = true;
          break;
        }
        if (i % 16 === 0) await turn();
      }
      // A typical warm call: the median of the last few warm-up calls (one GC pause must not decide).
      const typical = stats(ws.slice(-9)).median;
      if (!s.slow && o.targetSampleMs > 0 && typical < o.targetSampleMs) {
        s.inner = Math.max(1, Math.min(1e7, Math.ceil(o.targetSampleMs / Math.max(typical, 1e-6))));
        // one untimed sample at the calibrated size (JIT tier-up of the loop), then recalibrate
        const t = await timeOnce(s.c, s.inner);
        s.inner = Math.max(1, Math.min(1e7, Math.ceil(o.targetSampleMs / Math.max(t, 1e-6))));
      }
    } catch (e) {
      s.error = errorText(e);
    }
  }
  const t0 = now();
  const done = (s: State): boolean => {
    if (s.error !== null) return true;
    const need = s.slow ? o.slowSamples : o.minSamples;
    if (s.times.length >= (s.slow ? o.slowSamples : o.maxSamples)) return true;
    return s.times.length >= need && now() - t0 >= o.budgetMs;
  };
  for (let round = 0; ; round++) {
    const active = states.filter((s) => !done(s));
    if (active.length === 0) break;
    for (let k = 0; k < active.length; k++) {
      const s = active[(round + k) % active.length]!;
      if (done(s)) continue;
      try {
        const t = await timeOnce(s.c, s.inner);
        s.times.push(t);
        if (s.inner === 1 && t > o.slowMs) s.slow = true;
      } catch (e) {
        s.error = errorText(e);
      }
    }
    await turn();
  }
  const out = new Map<string, Measured>();
  for (const s of states) {
    if (s.error !== null) out.set(s.c.id, { ok: false, error: s.error });
    else out.set(s.c.id, { ok: true, stats: stats(s.times, s.inner) });
  }
  return out;
}

/** Peak resident set size of this process so far, MiB. */
export const peakRssMB = (): number => process.resourceUsage().maxRSS / 1024;
/** Current resident set size, MiB. */
export const rssMB = (): number => process.memoryUsage().rss / 2 ** 20;

/** Deterministic PRNG (LCG, as in the anchors) so every library sees the same data. */
export function rng(seed = 12345): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** Normal draws (Box-Muller) scaled by `scale`, as float32. */
export function randn(n: number, scale = 1, seed = 1): Float32Array {
  const r = rng(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const u = r() * 0.999 + 1e-3;
    const v = r();
    out[i] = scale * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  return out;
}

/** Uniform draws in [lo, hi), as float32. */
export function uniform(n: number, lo: number, hi: number, seed = 7): Float32Array {
  const r = rng(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * r();
  return out;
}

let blackhole = 0;
/** Keeps a result alive so that the compiler cannot drop the work that made it. */
export function consume(x: number): void {
  blackhole += x;
}
/** The sum of everything consumed (NaN if some result was NaN). */
export const consumed = (): number => blackhole;
