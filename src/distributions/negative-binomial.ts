import { add, cast, div, equal, floor, lgamma, logSigmoid, maximum, mul, neg, sigmoid, sub, where, xlogy } from "../ops/index.js";
import { gamma } from "../random/gamma.js";
import type { PRNGKey } from "../random/key.js";
import { poisson } from "../random/poisson.js";
import { split } from "../random/split.js";
import type { Tensor } from "../tensor/tensor.js";
import { nonnegativeInteger, positive, real, unitInterval, type Constraint } from "./constraints.js";
import { Distribution } from "./distribution.js";
import { floatParams, probsOrLogits, type DistributionOptions, type ParamLike } from "./params.js";

/** Options of `NegativeBinomial`: exactly one of `probs` (in [0, 1)) and `logits`. */
export interface NegativeBinomialOptions extends DistributionOptions {
  /** The success probability p. */
  probs?: ParamLike;
  /** log(p/(1 − p)). */
  logits?: ParamLike;
}

/**
 * The number of successes before `totalCount` r failures in Bernoulli(p) trials (torch's
 * NegativeBinomial; r may be fractional), on {0, 1, 2, …}. Not reparameterisable; sampled as a
 * gamma–Poisson mixture.
 */
export class NegativeBinomial extends Distribution {
  /** The number of failures r (> 0). */
  readonly totalCount: Tensor;
  /** The log-odds of success. */
  readonly logits: Tensor;

  /** NegativeBinomial(totalCount, { probs | logits }). @example new NegativeBinomial(3, { probs: 0.5 }).mean // 3 */
  constructor(totalCount: ParamLike, options: NegativeBinomialOptions) {
    const o = probsOrLogits("NegativeBinomial", options);
    const which = o.probs !== undefined ? "probs" : "logits";
    const [r, p] = floatParams("NegativeBinomial", ["totalCount", which], [totalCount, o.probs ?? o.logits]);
    super(r!.shape, [], o.validateArgs);
    this.checkParam("totalCount", r!, positive);
    this.checkParam(which, p!, o.probs !== undefined ? unitInterval : real);
    this.totalCount = r!;
    this.logits = o.probs !== undefined ? sub(xlogy(1, p!), xlogy(1, sub(1, p!))) : p!;
  }
  /** The success probability p. */
  get probs(): Tensor {
    return sigmoid(this.logits);
  }
  /** {0, 1, 2, …}. */
  get support(): Constraint {
    return nonnegativeInteger;
  }
  protected get dtype(): "float32" | "float64" {
    return this.logits.dtype as "float32" | "float64";
  }
  protected override _sample(shape: number[], key: PRNGKey): Tensor {
    const [kg, kp] = split(key, 2);
    const full = this.extendedShape(shape);
    const rate = mul(gamma(kg!, this.totalCount, full, { dtype: this.dtype }), div(this.probs, sub(1, this.probs)));
    return cast(poisson(kp!, rate, full), this.dtype);
  }
  protected _logProb(k: Tensor): Tensor {
    const r = this.totalCount;
    const logChoose = sub(lgamma(add(k, r)), add(lgamma(r), lgamma(add(k, 1))));
    // NOTE: k·log p is 0 at k = 0 even for p = 0 (logits −∞), as xlogy does.
    const succ = where0(k, mul(k, logSigmoid(this.logits)));
    return add(logChoose, add(mul(r, logSigmoid(neg(this.logits))), succ));
  }
  /** r·p/(1 − p). */
  override get mean(): Tensor {
    return mul(this.totalCount, div(this.probs, sub(1, this.probs)));
  }
  /** ⌊(r − 1)·p/(1 − p)⌋, at least 0. */
  override get mode(): Tensor {
    return maximum(floor(mul(sub(this.totalCount, 1), div(this.probs, sub(1, this.probs)))), 0);
  }
  /** r·p/(1 − p)². */
  override get variance(): Tensor {
    return div(this.mean, sub(1, this.probs));
  }
  protected _expand(batchShape: number[]): NegativeBinomial {
    return new NegativeBinomial(this.expandParam(this.totalCount, batchShape), { logits: this.expandParam(this.logits, batchShape), validateArgs: false });
  }
}

/** `t` where k ≠ 0, else 0. */
function where0(k: Tensor, t: Tensor): Tensor {
  return where(equal(k, 0), 0, t);
}
