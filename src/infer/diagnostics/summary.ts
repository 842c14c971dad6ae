import { ArgumentError } from "../../core/errors.js";
import { argumentError } from "../../core/validate.js";
import { checkProbability, finiteAndVarying, pool, splitChains } from "./chains.js";
import { essQuantileOf, essRaw, sampleVariance } from "./ess.js";
import { checkKnownOptions } from "./options.js";
import { sortedQuantile } from "./quantile.js";
import { fold, rankNormalize } from "./rank-normalize.js";
import { rhatRaw } from "./rhat.js";
import { checkDraws, checkSites, elementChains, elements, type SiteDraws } from "./site-draws.js";

/** One row of a `Summary`: the posterior summaries and convergence diagnostics of one scalar element. */
export interface SummaryRow {
  /** The element: "mu", "theta[0]", "L[1,0]" (0-based, row-major). */
  readonly name: string;
  /** The mean of all draws. */
  readonly mean: number;
  /** The standard deviation of all draws (denominator S − 1). */
  readonly sd: number;
  /** The median absolute deviation from the median, × 1.4826 (R's `mad`, posterior's and stansummary's MAD). */
  readonly mad: number;
  /** The Monte Carlo standard error of the mean (`mcseMean`). */
  readonly mcse: number;
  /** The 5% quantile of all draws (type 7, as R's default). */
  readonly q5: number;
  /** The median of all draws. */
  readonly q50: number;
  /** The 95% quantile of all draws. */
  readonly q95: number;
  /** The quantiles at `Summary.probs` (the table's columns). */
  readonly quantiles: readonly number[];
  /** Bulk effective sample size (`essBulk`): how well the mean and median are estimated. */
  readonly essBulk: number;
  /** Tail effective sample size (`essTail`): how well the 5% and 95% quantiles are estimated. */
  readonly essTail: number;
  /** Rank-normalised split-R̂, the larger of bulk and tail (`rhat`). */
  readonly rhat: number;
}

/** Options of `summarize`. */
export interface SummarizeOptions {
  /** The quantiles shown in the table (default [0.05, 0.5, 0.95]); rows always carry q5, q50 and q95 too. */
  readonly probs?: readonly number[];
  /** Only these sites, in this order (default: all, in the order of the draws). */
  readonly sites?: readonly string[];
}

/**
 * Posterior summaries and diagnostics, one row per scalar element of every site: what
 * `Posterior.summary()` returns. `toString()` prints a table like CmdStan's `stansummary`.
 */
export class Summary {
  /** One row per scalar element, sites in order, elements row-major. */
  readonly rows: readonly SummaryRow[];
  /** The probabilities of the quantile columns. */
  readonly probs: readonly number[];
  /** The number of chains summarised. */
  readonly chains: number;
  /** The number of draws per chain. */
  readonly samples: number;

  /** Made by `summarize`. */
  constructor(rows: readonly SummaryRow[], probs: readonly number[], chains: number, samples: number) {
    this.rows = rows;
    this.probs = probs;
    this.chains = chains;
    this.samples = samples;
  }

  /** The row of one element ("theta[0]"), or undefined. */
  row(name: string): SummaryRow | undefined {
    return this.rows.find((r) => r.name === name);
  }

  /** The largest R̂ and the smallest bulk and tail ESS over the rows (NaN rows ignored; NaN when none). */
  worst(): { rhat: number; essBulk: number; essTail: number } {
    const pick = (f: (r: SummaryRow) => number, better: (a: number, b: number) => number): number =>
      this.rows.map(f).filter((v) => !Number.isNaN(v)).reduce((a, b) => (Number.isNaN(a) ? b : better(a, b)), NaN);
    return { rhat: pick((r) => r.rhat, Math.max), essBulk: pick((r) => r.essBulk, Math.min), essTail: pick((r) => r.essTail, Math.min) };
  }

  /**
   * A fixed-width table like CmdStan's `stansummary` (2.36): Mean, MCSE, StdDev, MAD, the quantiles, ESS_bulk,
   * ESS_tail and R_hat per element (3 significant digits; ESS rounded; R̂ to 3 decimals).
   */
  toString(): string {
    const head = ["", "Mean", "MCSE", "StdDev", "MAD", ...this.probs.map((p) => `${+(p * 100).toPrecision(6)}%`), "ESS_bulk", "ESS_tail", "R_hat"];
    const body = this.rows.map((r) => [
      r.name,
      ...[r.mean, r.mcse, r.sd, r.mad, ...r.quantiles].map(significant),
      ...[r.essBulk, r.essTail].map((v) => (Number.isNaN(v) ? "NaN" : Math.round(v).toString())),
      Number.isNaN(r.rhat) ? "NaN" : r.rhat.toFixed(3),
    ]);
    const widths = head.map((h, j) => Math.max(h.length, ...body.map((row) => row[j]!.length)));
    const line = (cells: readonly string[]): string => cells.map((c, j) => (j === 0 ? c.padEnd(widths[0]!) : c.padStart(widths[j]! + 2))).join("");
    const note = `${this.chains} chain${this.chains === 1 ? "" : "s"} × ${this.samples} draws; R_hat is rank-normalised split-R̂ (bulk and tail), ESS bulk and tail (Vehtari et al. 2021)`;
    return [line(head), ...body.map(line), "", note].join("\n");
  }

  /** A plain object: { chains, samples, probs, rows } (NaN becomes null in JSON text). */
  toJSON(): { chains: number; samples: number; probs: number[]; rows: SummaryRow[] } {
    return { chains: this.chains, samples: this.samples, probs: [...this.probs], rows: this.rows.map((r) => ({ ...r, quantiles: [...r.quantiles] })) };
  }
}

/** 1/Φ⁻¹(3/4): scales the median absolute deviation to estimate σ for normal draws (R's `mad` default). */
const MAD_CONSTANT = 1.4826;

/** `x` to 3 significant digits without a needless exponent (NaN as "NaN"). */
function significant(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return "0";
  const a = Math.abs(x);
  return a >= 1e-3 && a < 1e6 ? String(+x.toPrecision(3)) : x.toExponential(2);
}

/**
 * Summarises draws (per site: its shape and one Float64Array per chain, [sample, ...shape] row-major)
 * into a `Summary`: per scalar element the mean, sd, MAD, MCSE of the mean, quantiles (type 7), bulk and
 * tail ESS and rank-normalised split-R̂ (Vehtari et al. 2021), as posterior's `summarise_draws`.
 *
 * @example
 * const s = infer.diagnostics.summarize({ mu: { shape: [], chains: [c0, c1, c2, c3] } });
 * console.log(s.toString());
 */
export function summarize(draws: Readonly<Record<string, SiteDraws>>, opts?: SummarizeOptions): Summary {
  const fn = "summarize";
  const checked = checkDraws(draws, fn);
  const o = checkKnownOptions<SummarizeOptions>(opts, fn, ["probs", "sites"]);
  let probs: readonly number[] = [0.05, 0.5, 0.95];
  if (o.probs !== undefined) {
    if (!Array.isArray(o.probs)) throw argumentError(fn, "options.probs", "an array of probabilities in [0, 1]", o.probs);
    probs = o.probs.map((p: unknown, i) => checkProbability(p, fn, `options.probs[${i}]`));
  }
  const sites = checkSites(o.sites, checked, fn, "options.sites");
  if (checked.samples === 0 && elements(checked, sites).length > 0) throw new ArgumentError(`${fn}: draws must hold at least one sample per chain, got 0`);
  const rows = elements(checked, sites).map((e) => summarizeElement(e.name, elementChains(checked, e), probs));
  return new Summary(rows, probs, checked.chains, checked.samples);
}

/** The row of one scalar element from its chains. */
function summarizeElement(name: string, chains: Float64Array[], probs: readonly number[]): SummaryRow {
  const all = pool(chains);
  const s = all.length;
  // NOTE: a NaN draw makes every quantile NaN (sorting would put it last and hide it).
  const sorted = all.some(Number.isNaN) ? new Float64Array(s).fill(NaN) : all.slice().sort();
  let mean = 0;
  for (let i = 0; i < s; i++) mean += all[i]!;
  mean /= s;
  const sd = Math.sqrt(sampleVariance(all));
  const split = splitChains(chains);
  // The rank-normalised split chains serve both the bulk R̂ and the bulk ESS.
  const z = finiteAndVarying(split) ? rankNormalize(split) : null;
  const rhatBulk = z ? rhatRaw(z) : NaN;
  const rhatTail = z ? rhatRaw(rankNormalize(fold(split))) : NaN;
  const essBulk = z && finiteAndVarying(chains) ? essRaw(z) : NaN;
  const essTail = Math.min(essQuantileOf(chains, 0.05, sorted), essQuantileOf(chains, 0.95, sorted));
  const mcse = sd / Math.sqrt(essRaw(split));
  const median = sortedQuantile(sorted, 0.5);
  const deviations = sorted.map((x) => Math.abs(x - median)).sort();
  return {
    name,
    mean,
    sd,
    mad: MAD_CONSTANT * sortedQuantile(deviations, 0.5),
    mcse,
    q5: sortedQuantile(sorted, 0.05),
    q50: sortedQuantile(sorted, 0.5),
    q95: sortedQuantile(sorted, 0.95),
    quantiles: probs.map((p) => sortedQuantile(sorted, p)),
    essBulk,
    essTail,
    rhat: Math.max(rhatBulk, rhatTail),
  };
}
