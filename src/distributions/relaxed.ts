import { add, div, lgamma, log, logsumexp, mul, sigmoid, softplus, sub, sum } from "../ops/index.js";
import { gumbel, logistic } from "../random/continuous.js";
import { inFunction } from "../core/validate.js";
import type { PRNGKey } from "../random/key.js";
import { full } from "../tensor/creation.js";
import type { Tensor } from "../tensor/tensor.js";
import { Categorical } from "./categorical.js";
import { positive, real, realVector, type Constraint } from "./constraints.js";
import { Distribution } from "./distribution.js";
import { floatParams, probsOrLogits, type DistributionOptions, type ParamLike } from "./params.js";
import { TransformedDistribution } from "./transformed-distribution.js";
import { exp as expTransform, sigmoid as sigmoidTransform } from "./transforms/index.js";

/** Options of the relaxed distributions: exactly one of `probs` and `logits`. */
export interface RelaxedOptions extends DistributionOptions {
  /** Probabilities (Bernoulli: P(1); categorical: along the last axis). */
  probs?: ParamLike;
  /** Log-odds (Bernoulli) or unnormalised log-probabilities (categorical). */
  logits?: ParamLike;
}

/** The logit of a relaxed Bernoulli (Concrete) sample: (logits + L)/τ with L logistic; pathwise in logits and τ. */
export class LogitRelaxedBernoulli extends Distribution {
  /** The temperature τ (> 0). */
  readonly temperature: Tensor;
  /** The log-odds. */
  readonly logits: Tensor;

  /** LogitRelaxedBernoulli(temperature, { probs | logits }). @example new LogitRelaxedBernoulli(0.5, { logits: 0 }) */
  constructor(temperature: ParamLike, options: RelaxedOptions) {
    const name = new.target.name;
    const o = probsOrLogits(name, options);
    const which = o.probs !== undefined ? "probs" : "logits";
    const [t, p] = floatParams(name, ["temperature", which], [temperature, o.probs ?? o.logits]);
    super(p!.shape, [], o.validateArgs);
    this.checkParam("temperature", t!, positive);
    this.checkParam(which, p!, real);
    this.temperature = t!;
    this.logits = o.probs !== undefined ? sub(log(p!), log(sub(1, p!))) : p!;
  }
  /** The real line. */
  get support(): Constraint {
    return real;
  }
  /** True. */
  override get hasRsample(): boolean {
    return true;
  }
  protected get dtype(): "float32" | "float64" {
    return this.logits.dtype as "float32" | "float64";
  }
  protected override _rsample(shape: number[], key: PRNGKey): Tensor {
    return div(add(this.logits, logistic(key, this.extendedShape(shape), { dtype: this.dtype })), this.temperature);
  }
  protected _logProb(y: Tensor): Tensor {
    const diff = sub(this.logits, mul(y, this.temperature));
    return sub(add(log(this.temperature), diff), mul(2, softplus(diff)));
  }
  protected _expand(batchShape: number[]): LogitRelaxedBernoulli {
    return new LogitRelaxedBernoulli(this.expandParam(this.temperature, batchShape), { logits: this.expandParam(this.logits, batchShape), validateArgs: false });
  }
}

/** The relaxed Bernoulli (binary Concrete, Maddison et al. 2017) on (0, 1): sigmoid of a LogitRelaxedBernoulli; pathwise. */
export class RelaxedBernoulli extends TransformedDistribution {
  /** RelaxedBernoulli(temperature, { probs | logits }). @example new RelaxedBernoulli(0.5, { probs: 0.3 }).rsample([4]) */
  constructor(temperature: ParamLike, options: RelaxedOptions) {
    const base = inFunction("RelaxedBernoulli", () => new LogitRelaxedBernoulli(temperature, options));
    super(base, sigmoidTransform, { validateArgs: base.validateArgs });
  }
  /** The temperature τ. */
  get temperature(): Tensor {
    return (this.base as LogitRelaxedBernoulli).temperature;
  }
  /** The log-odds. */
  get logits(): Tensor {
    return (this.base as LogitRelaxedBernoulli).logits;
  }
  /** P(1) of the Bernoulli being relaxed. */
  get probs(): Tensor {
    return sigmoid(this.logits);
  }
}

/** log of a relaxed one-hot categorical (Concrete) sample: log-softmax((logits + Gumbel)/τ); pathwise. */
export class ExpRelaxedCategorical extends Distribution {
  /** The temperature τ (> 0), shape `batchShape`. */
  readonly temperature: Tensor;
  /** Normalised log-probabilities, shape `[...batchShape, k]`. */
  readonly logits: Tensor;

  /** ExpRelaxedCategorical(temperature, { probs | logits }). @example new ExpRelaxedCategorical(0.5, { logits: tensor([0, 1, 2]) }) */
  constructor(temperature: ParamLike, options: RelaxedOptions) {
    const name = new.target.name;
    const c = inFunction(name, () => new Categorical(options));
    const [t] = floatParams(name, ["temperature"], [temperature]);
    super(c.batchShape, [c.numEvents], c.validateArgs);
    this.checkParam("temperature", t!, positive);
    this.temperature = t!.dtype === c.logits.dtype ? t! : t!.cast(c.logits.dtype);
    this.logits = c.logits;
  }
  /** Real vectors (log-probabilities). */
  get support(): Constraint {
    return realVector;
  }
  /** True. */
  override get hasRsample(): boolean {
    return true;
  }
  protected get dtype(): "float32" | "float64" {
    return this.logits.dtype as "float32" | "float64";
  }
  /** τ with a trailing axis, to broadcast against `[..., k]`. */
  private get tau(): Tensor {
    return this.temperature.ndim === 0 ? this.temperature : this.temperature.unsqueeze(-1);
  }
  protected override _rsample(shape: number[], key: PRNGKey): Tensor {
    const scores = div(add(this.logits, gumbel(key, this.extendedShape(shape), { dtype: this.dtype })), this.tau);
    return sub(scores, logsumexp(scores, -1, true));
  }
  protected _logProb(y: Tensor): Tensor {
    const k = this.eventShape[0]!;
    const logScale = add(lgamma(full([], k, { dtype: this.dtype })), mul(k - 1, log(this.temperature)));
    const score = sub(this.logits, mul(y, this.tau));
    return add(sum(sub(score, logsumexp(score, -1, true)), -1), logScale);
  }
  protected _expand(batchShape: number[]): ExpRelaxedCategorical {
    const t = this.temperature.ndim === 0 ? this.temperature : this.expandParam(this.temperature, batchShape);
    return new ExpRelaxedCategorical(t, { logits: this.expandParam(this.logits, batchShape), validateArgs: false });
  }
}

/** The relaxed one-hot categorical (Concrete / Gumbel-softmax) on the simplex: exp of an ExpRelaxedCategorical; pathwise. */
export class RelaxedOneHotCategorical extends TransformedDistribution {
  /** RelaxedOneHotCategorical(temperature, { probs | logits }). @example new RelaxedOneHotCategorical(0.5, { probs: tensor([0.2, 0.8]) }).rsample() */
  constructor(temperature: ParamLike, options: RelaxedOptions) {
    const base = inFunction("RelaxedOneHotCategorical", () => new ExpRelaxedCategorical(temperature, options));
    super(base, expTransform, { validateArgs: base.validateArgs });
  }
  /** The temperature τ. */
  get temperature(): Tensor {
    return (this.base as ExpRelaxedCategorical).temperature;
  }
  /** Normalised log-probabilities. */
  get logits(): Tensor {
    return (this.base as ExpRelaxedCategorical).logits;
  }
  /** Probabilities of the categorical being relaxed. */
  get probs(): Tensor {
    return this.logits.exp();
  }
}
