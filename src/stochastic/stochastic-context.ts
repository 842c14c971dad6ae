import { ArgumentError } from "../core/errors.js";
import { argumentError, checkOptions, describeValue, inFunction } from "../core/validate.js";
import { Distribution } from "../distributions/distribution.js";
import { add, mul, sub, sum, toTensor, type TensorLike } from "../ops/index.js";
import { stopGradient } from "../primitives/other/stop-gradient.js";
import { foldIn } from "../random/split.js";
import type { PRNGKey } from "../random/key.js";
import { Tensor } from "../tensor/tensor.js";
import { magicBox } from "./magic-box.js";

/** Options of `sc.sample`. */
export interface SampleSiteOptions {
  /** "pathwise" (rsample; the default where the distribution has one) or "score" (REINFORCE). */
  estimator?: "pathwise" | "score";
  /** A constant baseline for this score-function site (Loaded DiCE-style term; default none). */
  baseline?: number;
}

const SAMPLE = "sc.sample";
const COST = "sc.cost";
const SITE_OPTIONS = ["estimator", "baseline"];

/**
 * The handle a stochastic-computation-graph model receives: `sample` draws at named sites, `cost`
 * records named costs; `objective` builds the DiCE surrogate from what was recorded, in call order.
 */
export class StochasticContext {
  /** Recorded costs by name, in call order (the values, not detached). */
  readonly costs: Record<string, Tensor> = {};
  private readonly names = new Set<string>();
  private scoreLogProb: Tensor | null = null;
  private surrogateTerms: Tensor[] = [];
  private site = 0;
  private closed = false;

  /** @internal Made by `stochastic.objective`: `key` is split per site (folded with the site's ordinal). */
  constructor(private readonly key: PRNGKey) {}

  /**
   * Draws from `dist` at the site `name`: pathwise sites use `rsample` (gradients flow through the
   * value), score sites use `sample` and give every later cost a score term.
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
    if (o.baseline !== undefined && (typeof o.baseline !== "number" || !Number.isFinite(o.baseline))) {
      throw argumentError(SAMPLE, "options.baseline", "a finite number", o.baseline);
    }
    const k = foldIn(this.key, this.site++);
    // NOTE: "pathwise" on a distribution without rsample falls back to "score" (the brief's contract).
    const pathwise = (o.estimator ?? "pathwise") === "pathwise" && dist.hasRsample;
    if (pathwise) return inFunction(SAMPLE, () => dist.rsample([], k));
    const x = inFunction(SAMPLE, () => dist.sample([], k));
    const lp = inFunction(SAMPLE, () => sum(dist.logProb(x)));
    this.scoreLogProb = this.scoreLogProb === null ? lp : add(this.scoreLogProb, lp);
    if (o.baseline !== undefined && o.baseline !== 0) this.surrogateTerms.push(mul(sub(1, magicBox(lp)), o.baseline));
    return x;
  }

  /**
   * Records the cost `name` (a scalar or a tensor of per-sample costs, summed): its score term
   * credits only the score-function samples drawn before it (causal order: a sample drawn after a
   * cost cannot have caused it).
   */
  cost(name: string, value: TensorLike): Tensor {
    this.checkOpen(COST);
    this.claim(COST, name);
    const ok = value instanceof Tensor || typeof value === "number" || Array.isArray(value);
    if (!ok) throw argumentError(COST, "value", "a number or a numeric tensor", value);
    const c = value instanceof Tensor ? value : inFunction(COST, () => toTensor(value));
    if (c.dtype === "bool") throw argumentError(COST, "value", "a numeric tensor", `a bool tensor`);
    const total = sum(c);
    this.costs[name] = c;
    this.surrogateTerms.push(this.scoreLogProb === null ? total : mul(magicBox(this.scoreLogProb), total));
    return c;
  }

  /** @internal The DiCE surrogate and the value (Σ costs, detached); closes the context. */
  finish(): { value: Tensor; surrogate: Tensor } {
    this.closed = true;
    let surrogate: Tensor = toTensor(0);
    for (const t of this.surrogateTerms) surrogate = add(surrogate, t);
    let value: Tensor = toTensor(0);
    for (const c of Object.values(this.costs)) value = add(value, stopGradient(sum(c)));
    return { value, surrogate };
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
