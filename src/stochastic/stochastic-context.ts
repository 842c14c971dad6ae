import { ArgumentError, ShapeError } from "../core/errors.js";
import { argumentError, checkBoolean, checkInteger, checkOptions, describeValue, inFunction } from "../core/validate.js";
import { Distribution } from "../distributions/distribution.js";
import { add, sum, toTensor, type TensorLike } from "../ops/index.js";
import { foldIn } from "../random/split.js";
import type { PRNGKey } from "../random/key.js";
import { Tensor } from "../tensor/tensor.js";
import { checkBaseline, MovingAverages, type Baseline } from "./baselines.js";
import { buildSurrogate, type CostRecord, type Credit, type ScoreSite, type Surrogate } from "./surrogate.js";

/** Options of `sc.sample`. */
export interface SampleSiteOptions {
  /** "pathwise" (rsample; the default where the distribution has one) or "score" (REINFORCE). */
  estimator?: "pathwise" | "score";
  /** A score-function site's baseline: a constant, a learned Tensor, "movingAverage" or "leaveOneOut" (default none). */
  baseline?: Baseline;
  /** The "movingAverage" baseline's decay in [0, 1) (default 0.9, `DEFAULT_DECAY`). */
  decay?: number;
  /** Draw this many i.i.d. samples along a new leading axis (particles; default one draw, no new axis). */
  samples?: number;
  /** Credit per sample along the value's leading axis: sample i's score term is weighted only by element i of costs with that axis (default false: summed). */
  perSample?: boolean;
  /** The sites this site's distribution depends on (default: every site drawn before it). */
  dependsOn?: string[];
}

/** Options of `sc.cost`. */
export interface CostSiteOptions {
  /** The sites this cost depends on, with their own dependencies (default: every site drawn before it). */
  dependsOn?: string[];
}

const SAMPLE = "sc.sample";
const COST = "sc.cost";
const SITE_OPTIONS = ["estimator", "baseline", "decay", "samples", "perSample", "dependsOn"];

/** Where a site's own score term and its dependencies are: its score ordinal (or null: pathwise). */
interface SiteInfo {
  ordinal: number | null;
  ancestors: Credit;
}

/**
 * The handle a stochastic-computation-graph model receives: `sample` draws at named sites, `cost`
 * records named costs; `objective` builds the DiCE surrogate from what was recorded.
 */
export class StochasticContext {
  /** Recorded costs by name, in call order (the values, not detached). */
  readonly costs: Record<string, Tensor> = {};
  private readonly names = new Set<string>();
  private readonly siteInfo = new Map<string, SiteInfo>();
  private readonly scoreSites: ScoreSite[] = [];
  private readonly prefixSums: (Tensor | undefined)[] = [undefined];
  private readonly costRecords: CostRecord[] = [];
  private site = 0;
  private closed = false;

  /**
   * @internal Made by `stochastic.objective`: `key` is split per site (folded with the site's
   * ordinal); `averages` keeps the "movingAverage" baselines across calls; `fixedKey` says every
   * call draws the same samples (the user passed `key`); `discount` is Loaded DiCE's λ.
   */
  constructor(
    private readonly key: PRNGKey,
    private readonly averages: MovingAverages = new MovingAverages(),
    private readonly fixedKey = false,
    private readonly discount = 1,
  ) {}

  /**
   * Draws from `dist` at the site `name`: pathwise sites use `rsample` (gradients flow through the
   * value), score sites use `sample` and give the costs that depend on them a score term.
   * NOTE: `perSample: true` is a promise the library cannot check: the samples along the leading
   * axis are independent and element i of every cost with that leading length depends on sample i
   * only (not on sample j). Then per-sample credit is unbiased and has lower variance; if the promise
   * is broken the gradient is biased. Other costs credit the site's samples summed.
   */
  sample(name: string, dist: Distribution, opts?: SampleSiteOptions): Tensor {
    this.checkOpen(SAMPLE);
    this.claim(SAMPLE, name);
    if (!(dist instanceof Distribution)) throw argumentError(SAMPLE, "dist", "a Distribution", dist);
    const o = checkOptions<SampleSiteOptions>(opts, SAMPLE);
    for (const k of Object.keys(o)) if (!SITE_OPTIONS.includes(k)) throw argumentError(SAMPLE, `options.${k}`, `one of ${SITE_OPTIONS.join(", ")}`, k);
    if (o.estimator !== undefined && o.estimator !== "pathwise" && o.estimator !== "score") {
      throw argumentError(SAMPLE, "options.estimator", `"pathwise" or "score"`, o.estimator);
    }
    const shape = o.samples === undefined ? [] : [checkInteger(o.samples, SAMPLE, "options.samples", 1)];
    const perSample = o.perSample === undefined ? false : checkBoolean(o.perSample, SAMPLE, "options.perSample");
    const n = perSample ? this.perSampleLength(name, dist, shape) : null;
    const baseline = checkBaseline(SAMPLE, o.baseline, o.decay, o.perSample, n);
    // NOTE: with a fixed key every call redraws the same samples, so a moving average of earlier
    // calls' costs would contain this draw's own cost: a biased baseline. Refuse it.
    if (baseline?.kind === "movingAverage" && this.fixedKey) {
      throw argumentError(SAMPLE, "options.baseline", `a constant, a Tensor or "leaveOneOut" when objective has a fixed key (every call redraws the same samples, so their moving average would include this draw's own cost; drop the key and seed with manualSeed)`, o.baseline);
    }
    const ancestors = o.dependsOn === undefined ? this.scoreSites.length : this.closure(SAMPLE, o.dependsOn);
    const k = foldIn(this.key, this.site++);
    // NOTE: "pathwise" on a distribution without rsample falls back to "score" (the brief's contract).
    const pathwise = (o.estimator ?? "pathwise") === "pathwise" && dist.hasRsample;
    if (pathwise) {
      if (baseline !== undefined || perSample) {
        throw argumentError(SAMPLE, perSample ? "options.perSample" : "options.baseline", `used only at score-function sites (pass estimator: "score"); site "${name}" is pathwise`, perSample ? o.perSample : o.baseline);
      }
      this.siteInfo.set(name, { ordinal: null, ancestors });
      return inFunction(SAMPLE, () => dist.rsample(shape, k));
    }
    const x = inFunction(SAMPLE, () => dist.sample(shape, k));
    const lpAll = inFunction(SAMPLE, () => dist.logProb(x));
    const lpSum = sum(lpAll);
    const lp = n === null ? lpSum : lpAll.shape.length === 1 ? lpAll : sum(lpAll, lpAll.shape.slice(1).map((_, i) => i + 1));
    const ordinal = this.scoreSites.length;
    this.scoreSites.push({ name, lp, lpSum, n, ancestors, baseline });
    const prev = this.prefixSums[ordinal];
    this.prefixSums.push(prev === undefined ? lpSum : add(prev, lpSum));
    this.siteInfo.set(name, { ordinal, ancestors });
    return x;
  }

  /**
   * Records the cost `name` (a scalar or a tensor of per-sample costs, summed): its score term
   * credits the score-function samples drawn before it (causal order: a sample drawn after a cost
   * cannot have caused it), or, with `dependsOn`, only the named sites and their dependencies.
   */
  cost(name: string, value: TensorLike, opts?: CostSiteOptions): Tensor {
    this.checkOpen(COST);
    this.claim(COST, name);
    const ok = value instanceof Tensor || typeof value === "number" || Array.isArray(value);
    if (!ok) throw argumentError(COST, "value", "a number or a numeric tensor", value);
    const c = value instanceof Tensor ? value : inFunction(COST, () => toTensor(value));
    if (c.dtype === "bool") throw argumentError(COST, "value", "a numeric tensor", `a bool tensor`);
    const o = checkOptions<CostSiteOptions>(opts, COST);
    for (const k of Object.keys(o)) if (k !== "dependsOn") throw argumentError(COST, `options.${k}`, "one of dependsOn", k);
    const credit = o.dependsOn === undefined ? this.scoreSites.length : this.closure(COST, o.dependsOn);
    this.costs[name] = c;
    this.costRecords.push({ value: c, credit });
    return c;
  }

  /** @internal The DiCE surrogate, the value (Σ costs, detached) and the baselines' loss; closes the context. */
  finish(): Surrogate {
    this.closed = true;
    return buildSurrogate(this.scoreSites, this.prefixSums, this.costRecords, this.averages, this.discount);
  }

  /** The length of the leading axis a `perSample` site credits along; it must be a sample or batch axis. */
  private perSampleLength(name: string, dist: Distribution, shape: number[]): number {
    const lead = shape.length > 0 ? shape : dist.batchShape;
    if (lead.length === 0) {
      throw new ShapeError(`${SAMPLE}: options.perSample credits along the leading axis, which must be a sample axis (options.samples) or a batch axis; site "${name}" has batch shape [] and event shape [${dist.eventShape.join(", ")}]`);
    }
    return lead[0];
  }

  /** The score ordinals `dependsOn` names, with their dependencies (a prefix count where it is one). */
  private closure(fn: string, dependsOn: unknown): Credit {
    if (!Array.isArray(dependsOn)) throw argumentError(fn, "options.dependsOn", "an array of names of sites drawn before it", dependsOn);
    const mark = new Uint8Array(this.scoreSites.length);
    dependsOn.forEach((d: unknown, i) => {
      const info = typeof d === "string" ? this.siteInfo.get(d) : undefined;
      if (info === undefined) {
        const known = [...this.siteInfo.keys()];
        throw argumentError(fn, `options.dependsOn[${i}]`, `the name of a site drawn before it (${known.length === 0 ? "none yet" : `one of ${known.slice(0, 8).join(", ")}${known.length > 8 ? ", …" : ""}`})`, d);
      }
      if (info.ordinal !== null) mark[info.ordinal] = 1;
      if (typeof info.ancestors === "number") mark.fill(1, 0, info.ancestors);
      else for (const a of info.ancestors) mark[a] = 1;
    });
    const ordinals: number[] = [];
    mark.forEach((m, i) => { if (m === 1) ordinals.push(i); });
    return ordinals.length === 0 || ordinals[ordinals.length - 1] === ordinals.length - 1 ? ordinals.length : ordinals;
  }

  private checkOpen(fn: string): void {
    if (this.closed) throw new ArgumentError(`${fn}: the model has returned; sample and cost only while objective runs it`);
  }

  private claim(fn: string, name: unknown): void {
    if (typeof name !== "string" || name === "") throw argumentError(fn, "name", "a non-empty string", name);
    if (this.names.has(name)) throw new ArgumentError(`${fn}: name must be unique among sample and cost sites, got ${describeValue(name)} a second time`);
    this.names.add(name);
  }
}
