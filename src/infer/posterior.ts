import type { DType, TypedArray } from "../core/dtype.js";
import { argumentError } from "../core/validate.js";
import { fromData } from "../tensor/creation.js";
import type { Tensor } from "../tensor/tensor.js";
import { pairPlot, type PairPlotOptions } from "./diagnostics/pair-plot.js";
import { rankPlot } from "./diagnostics/rank-plot.js";
import { summarize, type SummarizeOptions, type Summary } from "./diagnostics/summary.js";
import { tracePlot, type DrawPlotOptions } from "./diagnostics/trace-plot.js";
import type { ChainResult } from "./mcmc/chain-result.js";
import type { SamplerConfig } from "./mcmc/sampler-config.js";
import type { SiteInfo } from "./mcmc/sampling-target.js";

/** The per-draw sampler statistics a `Posterior` keeps (Stan's `…__` columns). */
export type SampleStatName = "acceptStat" | "stepSize" | "treeDepth" | "nLeapfrog" | "divergent" | "energy" | "lp";

/** One site's draws: its constrained shape and one array per chain, row-major [samples, ...shape]. */
export interface PosteriorSite {
  /** The constrained shape of one draw. */
  readonly shape: readonly number[];
  /** One Float64Array per chain, length samples × prod(shape). */
  readonly chains: readonly Float64Array[];
}

/** What `infer.nuts`/`infer.hmc` build a `Posterior` from. */
export interface PosteriorData {
  /** The checked options the chains ran with. */
  readonly config: SamplerConfig;
  /** The number of chains. */
  readonly chains: number;
  /** The sites, in order, with their constrained shapes. */
  readonly sites: readonly SiteInfo[];
  /** Each chain's unconstrained draws and sampler statistics. */
  readonly results: readonly ChainResult[];
  /** Site name → one array of constrained draws per chain. */
  readonly siteDraws: Readonly<Record<string, Float64Array[]>>;
}

/**
 * The draws of an MCMC run (`infer.nuts`, `infer.hmc`) and Stan's sampler diagnostics: per site
 * `draws(name)` as a [chains, samples, ...shape] tensor; per draw the accept statistic, step size,
 * tree depth, leapfrog count, divergence, energy and log density.
 *
 * @example
 * const post = infer.nuts(model, { args: [data], seed: 1 });
 * post.draws("mu");        // float64 tensor [4, 1000]
 * post.divergences;        // divergent transitions after warm-up
 */
export class Posterior {
  /** The site names, in model order (latent, then deterministic); "q" for a bare potential. */
  readonly sites: readonly string[];
  /** The number of chains. */
  readonly chains: number;
  /** Draws per chain (after warm-up). */
  readonly samples: number;
  /** Warm-up iterations per chain. */
  readonly warmup: number;
  /** "nuts" or "hmc". */
  readonly algorithm: "nuts" | "hmc";
  /** NUTS's maximum tree depth (the saturation level of `treeDepth`). */
  readonly maxTreeDepth: number;
  private readonly data: PosteriorData;

  /** @internal Built by `infer.nuts` and `infer.hmc`. */
  constructor(data: PosteriorData) {
    this.data = data;
    this.sites = data.sites.map((s) => s.name);
    this.chains = data.chains;
    this.samples = data.config.samples;
    this.warmup = data.config.warmup;
    this.algorithm = data.config.algorithm;
    this.maxTreeDepth = data.config.maxTreeDepth;
  }

  /** The shape of one draw of site `name`. */
  shape(name: string): readonly number[] {
    return this.site(name).shape;
  }

  /** Site `name`'s draws as a float64 tensor of shape [chains, samples, ...shape]. */
  draws(name: string): Tensor {
    const s = this.site(name);
    return this.stack(s.chains, "float64", [this.chains, this.samples, ...s.shape]);
  }

  /** Every site's draws, one array per chain ([samples, ...shape] row-major): what the diagnostics take. */
  siteDraws(): Readonly<Record<string, PosteriorSite>> {
    const out: Record<string, PosteriorSite> = {};
    for (const name of this.sites) out[name] = this.site(name);
    return out;
  }

  /**
   * Posterior summaries and convergence diagnostics per scalar element (mean, sd, MCSE, quantiles,
   * bulk and tail ESS, R̂); `toString()` prints a table like CmdStan's `stansummary`.
   */
  summary(opts?: SummarizeOptions): Summary {
    return summarize(this.siteDraws(), opts);
  }

  /** Trace plots (SVG) of every site's elements, one line per chain (`infer.diagnostics.tracePlot`). */
  tracePlot(opts?: DrawPlotOptions): Promise<string> {
    return tracePlot(this.siteDraws(), opts);
  }

  /** Rank plots (SVG): per element, a histogram of each chain's ranks among all draws (`infer.diagnostics.rankPlot`). */
  rankPlot(opts?: DrawPlotOptions): Promise<string> {
    return rankPlot(this.siteDraws(), opts);
  }

  /**
   * Pair plots (SVG) of the named elements ("mu", "theta[0]") with the draws of divergent transitions
   * in red (`infer.diagnostics.pairPlot` with this posterior's `divergent` flags).
   */
  pairPlot(names: readonly string[], opts?: Omit<PairPlotOptions, "divergent">): Promise<string> {
    return pairPlot(this.siteDraws(), names, { ...opts, divergent: this.divergent });
  }

  /** A per-draw sampler statistic as a [chains, samples] tensor (int32 for treeDepth/nLeapfrog, bool for divergent). */
  sampleStat(name: SampleStatName): Tensor {
    const arrays = this.statArrays(name);
    const dtype: DType = name === "divergent" ? "bool" : name === "treeDepth" || name === "nLeapfrog" ? "int32" : "float64";
    return this.stack(arrays, dtype, [this.chains, this.samples]);
  }

  /** The number of divergent transitions after warm-up, over all chains. */
  get divergences(): number {
    let n = 0;
    for (const r of this.data.results) for (let i = 0; i < r.divergent.length; i++) n += r.divergent[i]!;
    return n;
  }

  /** Which draws were divergent, per chain (what `pairPlot` marks). */
  get divergent(): boolean[][] {
    return this.data.results.map((r) => Array.from(r.divergent, (d) => d === 1));
  }

  /** Divergent transitions during warm-up (not among the draws). */
  get warmupDivergences(): number {
    return this.data.results.reduce((n, r) => n + r.warmupDivergences, 0);
  }

  /** The adapted step size of each chain. */
  get stepSize(): number[] {
    return this.data.results.map((r) => r.adaptedStepSize);
  }

  /** The adapted inverse metric of each chain: the diagonal, or the row-major matrix when `metric: "dense"`. */
  get inverseMetric(): Float64Array[] {
    return this.data.results.map((r) => Float64Array.from(r.inverseMetric));
  }

  /** NUTS tree depth per draw, an int32 tensor [chains, samples]. */
  get treeDepth(): Tensor {
    return this.sampleStat("treeDepth");
  }

  /** How many draws hit the maximum tree depth (NUTS; a sign the trajectories were cut short). */
  get treeDepthSaturation(): number {
    if (this.algorithm !== "nuts") return 0;
    let n = 0;
    for (const r of this.data.results) for (let i = 0; i < r.treeDepth.length; i++) if (r.treeDepth[i]! >= this.maxTreeDepth) n++;
    return n;
  }

  /** The Hamiltonian at each draw, a float64 tensor [chains, samples] (for E-BFMI). */
  get energy(): Tensor {
    return this.sampleStat("energy");
  }

  /** Everything as plain JSON: settings, per-site draws ([chain][sample × size]) and the sampler statistics. */
  toJSON(): {
    algorithm: "nuts" | "hmc"; chains: number; samples: number; warmup: number; stepSize: number[];
    inverseMetric: number[][]; sites: Record<string, { shape: number[]; draws: number[][] }>; stats: Record<SampleStatName, number[][]>;
  } {
    const sites: Record<string, { shape: number[]; draws: number[][] }> = {};
    for (const name of this.sites) {
      const s = this.site(name);
      sites[name] = { shape: [...s.shape], draws: s.chains.map((c) => Array.from(c)) };
    }
    const names: SampleStatName[] = ["acceptStat", "stepSize", "treeDepth", "nLeapfrog", "divergent", "energy", "lp"];
    const stats = {} as Record<SampleStatName, number[][]>;
    for (const n of names) stats[n] = this.statArrays(n).map((a) => Array.from(a));
    return {
      algorithm: this.algorithm, chains: this.chains, samples: this.samples, warmup: this.warmup, stepSize: this.stepSize,
      inverseMetric: this.data.results.map((r) => Array.from(r.inverseMetric)), sites, stats,
    };
  }

  /** Site `name`, or an error listing the sites. */
  private site(name: string): PosteriorSite {
    const info = this.data.sites.find((s) => s.name === name);
    if (info === undefined) throw argumentError("Posterior.draws", "name", `one of the sites ${this.sites.map((s) => JSON.stringify(s)).join(", ")}`, name);
    return { shape: info.shape, chains: this.data.siteDraws[name]! };
  }

  /** The per-chain arrays of one statistic. */
  private statArrays(name: SampleStatName): readonly TypedArray[] {
    const names: readonly string[] = ["acceptStat", "stepSize", "treeDepth", "nLeapfrog", "divergent", "energy", "lp"];
    if (!names.includes(name)) throw argumentError("Posterior.sampleStat", "name", `one of ${names.join(", ")}`, name);
    return this.data.results.map((r) => r[name]);
  }

  /** Chains concatenated into one new tensor. */
  private stack(arrays: readonly TypedArray[], dtype: DType, shape: number[]): Tensor {
    const per = arrays[0]!.length;
    const out = dtype === "bool" ? new Uint8Array(per * arrays.length) : dtype === "int32" ? new Int32Array(per * arrays.length) : new Float64Array(per * arrays.length);
    arrays.forEach((a, c) => out.set(a, c * per));
    return fromData(out, shape, dtype);
  }
}
