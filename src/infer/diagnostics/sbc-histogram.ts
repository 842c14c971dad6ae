import { ArgumentError } from "../../core/errors.js";
import { argumentError, checkFiniteNumber, checkInteger } from "../../core/validate.js";
import { logFactorial } from "../../random/special.js";
import { checkKnownOptions } from "./options.js";
import { renderSvg, SCHEMA } from "./render-svg.js";

/** Options of `sbcHistogram`. */
export interface SbcHistogramOptions {
  /** The number of bins; must divide L + 1 so that each bin holds as many rank values (default: the largest divisor of L + 1 up to 20). */
  readonly bins?: number;
  /** The probability of the grey band, the range a bin's count stays in under uniform ranks (default 0.99). */
  readonly level?: number;
  /** Width of each panel in pixels (default 360). */
  readonly width?: number;
  /** Height of each panel in pixels (default 180). */
  readonly height?: number;
}

/** The smallest k with P(X ≤ k) ≥ p for X ~ Binomial(n, q) (R's `qbinom`), by summing the probabilities. */
export function binomialQuantile(p: number, n: number, q: number): number {
  const logQ = Math.log(q);
  const log1mQ = Math.log1p(-q);
  let cdf = 0;
  for (let k = 0; k <= n; k++) {
    cdf += Math.exp(logFactorial(n) - logFactorial(k) - logFactorial(n - k) + k * logQ + (n - k) * log1mQ);
    // NOTE: a relative slack of 1e-12 keeps rounding in the running sum from skipping past a k where the CDF is exactly p.
    if (cdf >= p * (1 - 1e-12)) return k;
  }
  return n;
}

/** Per bin, how many ranks (integers in 0..L) fall in it, for `bins` dividing L + 1. */
export function rankCounts(ranks: readonly number[], L: number, bins: number): number[] {
  const counts = new Array<number>(bins).fill(0);
  const width = (L + 1) / bins;
  for (const r of ranks) counts[Math.floor(r / width)]! += 1;
  return counts;
}

/**
 * The rank histogram of simulation-based calibration (Talts, Betancourt, Simpson, Vehtari, Gelman
 * 2018) as SVG: each rank (an integer in 0..L, from L posterior draws per simulated data set) counted
 * in equal bins, with the band a bin's count stays in with probability `level` when the ranks are
 * uniform (Binomial(N, 1/bins) quantiles) and a line at the expected count. `ranks` is one array, or
 * a record of them (one panel per parameter). Bars outside the band, a ∪ or ∩ shape or a slope show a
 * miscalibrated sampler or model.
 *
 * @example
 * const svg = await infer.diagnostics.sbcHistogram({ mu: ranksOfMu, sigma: ranksOfSigma }, 99);
 */
export function sbcHistogram(ranks: readonly number[] | Readonly<Record<string, readonly number[]>>, L: number, opts?: SbcHistogramOptions): Promise<string> {
  const fn = "sbcHistogram";
  checkInteger(L, fn, "L", 1, 1e7);
  const sets = checkRanks(ranks, L, fn);
  const o = checkKnownOptions<SbcHistogramOptions>(opts, fn, ["bins", "level", "width", "height"]);
  const bins = o.bins === undefined ? largestDivisor(L + 1, 20) : checkInteger(o.bins, fn, "options.bins", 1, L + 1);
  if ((L + 1) % bins !== 0) throw new ArgumentError(`${fn}: options.bins must divide L + 1 = ${L + 1} (so every bin holds as many rank values), got ${bins}`);
  const level = o.level === undefined ? 0.99 : checkFiniteNumber(o.level, fn, "options.level", "positive");
  if (level >= 1) throw argumentError(fn, "options.level", "a probability in (0, 1)", level);
  const width = o.width === undefined ? 360 : checkFiniteNumber(o.width, fn, "options.width", "positive");
  const height = o.height === undefined ? 180 : checkFiniteNumber(o.height, fn, "options.height", "positive");
  const panels = sets.map(([name, rs]) => {
    const n = rs.length;
    const lo = binomialQuantile((1 - level) / 2, n, 1 / bins);
    const hi = binomialQuantile((1 + level) / 2, n, 1 / bins);
    const w = (L + 1) / bins;
    const values = rankCounts(rs, L, bins).map((count, b) => ({ from: b * w, to: (b + 1) * w, count }));
    return {
      ...(name === "" ? {} : { title: name }),
      width,
      height,
      layer: [
        {
          data: { values },
          mark: { type: "rect" as const, color: "#4c78a8", stroke: "white", strokeWidth: 0.5 },
          encoding: {
            x: { field: "from", type: "quantitative" as const, title: `rank (0..${L})`, scale: { domain: [0, L + 1] } },
            x2: { field: "to" },
            y: { field: "count", type: "quantitative" as const, title: "simulations", scale: { zero: true } },
            y2: { datum: 0 },
          },
        },
        {
          data: { values: [{ from: 0, to: L + 1, lo, hi }] },
          mark: { type: "rect" as const, color: "#d9d9d9", opacity: 0.45 },
          encoding: { x: { field: "from", type: "quantitative" as const }, x2: { field: "to" }, y: { field: "lo", type: "quantitative" as const }, y2: { field: "hi" } },
        },
        { data: { values: [{}] }, mark: { type: "rule" as const, color: "black", strokeDash: [4, 3] }, encoding: { y: { datum: n / bins } } },
      ],
    };
  });
  return renderSvg(fn, { $schema: SCHEMA, title: "SBC rank histogram", vconcat: panels });
}

/** The largest divisor of n that is at most `max`. */
function largestDivisor(n: number, max: number): number {
  for (let d = Math.min(n, max); d > 1; d--) if (n % d === 0) return d;
  return 1;
}

/** Checks `ranks` (one array, or a record of arrays) of integers in 0..L; returns [name, ranks] pairs ("" for one array). */
function checkRanks(value: unknown, L: number, fn: string): [string, number[]][] {
  const one = (v: unknown, arg: string): number[] => {
    if (!(Array.isArray(v) || v instanceof Int32Array || v instanceof Float64Array) || v.length === 0)
      throw argumentError(fn, arg, `a non-empty array of ranks (integers in 0..${L})`, v);
    const out = Array.from(v as ArrayLike<unknown>, (r, i) => checkInteger(r, fn, `${arg}[${i}]`, 0, L));
    return out;
  };
  if (Array.isArray(value) || ArrayBuffer.isView(value)) return [["", one(value, "ranks")]];
  if (value === null || typeof value !== "object") throw argumentError(fn, "ranks", "an array of ranks or a record of them (one per parameter)", value);
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) throw argumentError(fn, "ranks", "an array of ranks or a non-empty record of them", value);
  return entries.map(([k, v]) => [k, one(v, `ranks.${k}`)]);
}
