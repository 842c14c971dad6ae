import { checkInteger } from "../../core/validate.js";
import { noGrad } from "../../eager/grad-mode.js";
import { checkKey, key as keyOf, type PRNGKey } from "../../random/key.js";
import { fromData } from "../../tensor/creation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { summarize, type SummarizeOptions, type Summary } from "../diagnostics/summary.js";
import { ChainRng } from "../mcmc/chain-rng.js";
import { ModelLogDensity, type LogDensity } from "../model/log-density.js";
import { batchConstrain } from "./batch-constrain.js";
import { GaussianApproximation, type AdviFamily } from "./gaussian-approximation.js";

/** One ELBO evaluation of an ADVI run. */
export interface AdviElboRecord {
  /** The iteration after which the ELBO was evaluated. */
  readonly iteration: number;
  /** The ELBO estimate (from `elboSamples` draws). */
  readonly elbo: number;
  /** Its relative change from the previous evaluation (Stan's `rel_ELBO`). */
  readonly relativeChange: number;
}

/** What `infer.advi` builds its result from. */
export interface AdviResultData {
  readonly density: LogDensity;
  readonly approximation: GaussianApproximation;
  readonly eta: number;
  readonly iterations: number;
  readonly converged: "mean" | "median" | null;
  readonly history: readonly AdviElboRecord[];
  readonly key: PRNGKey;
}

/**
 * A fitted ADVI approximation (`infer.advi`): a Gaussian in the unconstrained space (mean-field:
 * `mean`/`scale`; full-rank: `mean`/`cholesky`), pushed onto the model's supports by `sample(n)`.
 *
 * @example
 * const fit = infer.advi(model, { family: "fullRank", args: [x, y], seed: 1 });
 * fit.sample(1000).beta; // [1000, ...shape of beta], constrained
 */
export class AdviResult {
  /** "meanField" or "fullRank". */
  readonly family: AdviFamily;
  /** The latent sites, in model order (their unconstrained coordinates follow `offsets`). */
  readonly names: readonly string[];
  /** Where each latent site starts in the unconstrained vector. */
  readonly offsets: Readonly<Record<string, number>>;
  /** The step size η used (given or found by the adaptive search). */
  readonly eta: number;
  /** How many gradient iterations ran (after the step-size search). */
  readonly iterations: number;
  /** Which statistic of the relative ELBO changes fell below tolRelObj ("mean" or "median"), or null if the iteration limit came first. */
  readonly converged: "mean" | "median" | null;
  /** The ELBO evaluations, every `evalElbo` iterations. */
  readonly history: readonly AdviElboRecord[];
  private readonly data: AdviResultData;

  /** @internal Built by `infer.advi`. */
  constructor(data: AdviResultData) {
    this.data = data;
    this.family = data.approximation.family;
    this.names = data.density.names;
    this.offsets = data.density.offsets;
    this.eta = data.eta;
    this.iterations = data.iterations;
    this.converged = data.converged;
    this.history = data.history;
  }

  /** The unconstrained dimension. */
  get dim(): number {
    return this.data.approximation.dim;
  }

  /** The last ELBO evaluated (NaN if none was). */
  get elbo(): number {
    const h = this.history;
    return h.length === 0 ? NaN : h[h.length - 1]!.elbo;
  }

  /** The approximation's mean μ in the unconstrained space (a copy). */
  get mean(): Float64Array {
    return this.data.approximation.mean.slice();
  }

  /** The marginal standard deviations in the unconstrained space. */
  get scale(): Float64Array {
    return this.data.approximation.scale();
  }

  /** The Cholesky factor L of the covariance (d × d, row-major; diagonal for mean-field). */
  get cholesky(): Float64Array {
    return this.data.approximation.cholesky();
  }

  /** The covariance in the unconstrained space (d × d, row-major). */
  get covariance(): Float64Array {
    return this.data.approximation.covariance();
  }

  /** n draws in the unconstrained space, as a float64 tensor [n, dim]. */
  sampleUnconstrained(n: number, seed?: number | PRNGKey): Tensor {
    return fromData(this.draw(n, seed), [n, this.dim], "float64");
  }

  /**
   * n draws pushed onto the model's supports: latent and deterministic site name → float64 tensor
   * [n, ...shape] (what `infer.predictive`'s `posterior` option takes).
   * NOTE: without a seed the draws come from the key `infer.advi` was given, so repeated calls repeat.
   */
  sample(n: number, seed?: number | PRNGKey): Record<string, Tensor> {
    const d = this.dim;
    const flat = this.draw(n, seed);
    const ld = this.data.density;
    if (ld instanceof ModelLogDensity && Object.keys(ld.deterministicShapes).length === 0) return noGrad(() => batchConstrain(ld, flat, n));
    const shapes: Record<string, readonly number[]> = { ...ld.shapes, ...ld.deterministicShapes };
    const cols: Record<string, Float64Array> = {};
    for (let i = 0; i < n; i++) {
      const values = ld.constrain(flat.subarray(i * d, (i + 1) * d));
      for (const [name, v] of Object.entries(values)) {
        cols[name] ??= new Float64Array(n * v.length);
        cols[name].set(v, i * v.length);
      }
    }
    const out: Record<string, Tensor> = {};
    for (const [name, c] of Object.entries(cols)) out[name] = fromData(c, [n, ...(shapes[name] ?? [c.length / n])], "float64");
    return out;
  }

  /** A summary table (mean, sd, quantiles, …) of `samples` constrained draws (default 1000), as `Posterior.summary()` prints. */
  summary(options?: SummarizeOptions & { samples?: number; seed?: number | PRNGKey }): Summary {
    const n = options?.samples ?? 1000;
    const draws = this.sample(n, options?.seed);
    const table: Record<string, { shape: readonly number[]; chains: Float64Array[] }> = {};
    for (const [name, t] of Object.entries(draws)) table[name] = { shape: t.shape.slice(1), chains: [t.data() as Float64Array] };
    const o: SummarizeOptions = { ...(options?.probs === undefined ? {} : { probs: options.probs }), ...(options?.sites === undefined ? {} : { sites: options.sites }) };
    return summarize(table, o);
  }

  /** The fit as plain data: family, η, iterations, convergence, μ, the scale or Cholesky factor, and the ELBO history. */
  toJSON(): Record<string, unknown> {
    return {
      family: this.family, names: this.names, eta: this.eta, iterations: this.iterations, converged: this.converged,
      mean: [...this.mean], ...(this.family === "meanField" ? { scale: [...this.scale] } : { cholesky: [...this.cholesky] }),
      history: this.history,
    };
  }

  /** n × dim unconstrained draws, row-major. */
  private draw(n: number, seed: number | PRNGKey | undefined): Float64Array {
    const fn = "AdviResult.sample";
    checkInteger(n, fn, "n", 1, Math.floor((2 ** 31 - 1) / Math.max(this.dim, 1)));
    const k = seed === undefined ? this.data.key : typeof seed === "number" ? keyOf(checkInteger(seed, fn, "seed", -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER)) : checkKey(seed, fn, "seed");
    const rng = new ChainRng(k);
    const q = this.data.approximation;
    const d = q.dim;
    const out = new Float64Array(n * d);
    const eta = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      GaussianApproximation.drawStandard(rng, eta);
      q.transform(eta, out.subarray(i * d, (i + 1) * d));
    }
    return out;
  }
}
