import { div, equal, floor, log, log1p, mul, neg, sigmoid, sub, where } from "../ops/index.js";
import { uniform } from "../random/continuous.js";
import type { PRNGKey } from "../random/key.js";
import type { Tensor } from "../tensor/tensor.js";
import { binaryLogMass } from "./bernoulli.js";
import { nonnegativeInteger, positive, real, unitInterval, type Constraint } from "./constraints.js";
import { Distribution } from "./distribution.js";
import { floatParams, probsOrLogits, type DistributionOptions, type ParamLike } from "./params.js";

/** Options of `Geometric`: exactly one of `probs` (in (0, 1]) and `logits`. */
export interface GeometricOptions extends DistributionOptions {
  /** The success probability p. */
  probs?: ParamLike;
  /** log(p/(1 − p)). */
  logits?: ParamLike;
}

/** The number of failures before the first success in Bernoulli(p) trials, on {0, 1, 2, …}. Not reparameterisable. */
export class Geometric extends Distribution {
  /** The success probability p. */
  readonly probs: Tensor;

  /** Geometric({ probs }) or Geometric({ logits }). @example new Geometric({ probs: 0.5 }).mean // 1 */
  constructor(options: GeometricOptions) {
    const o = probsOrLogits("Geometric", options);
    const name = o.probs !== undefined ? "probs" : "logits";
    const [p] = floatParams("Geometric", [name], [o.probs ?? o.logits]);
    super(p!.shape, [], o.validateArgs);
    if (o.probs !== undefined) {
      this.checkParam(name, p!, positive);
      this.checkParam(name, p!, unitInterval);
    } else this.checkParam(name, p!, real);
    this.probs = o.probs !== undefined ? p! : sigmoid(p!);
  }
  /** {0, 1, 2, …}. */
  get support(): Constraint {
    return nonnegativeInteger;
  }
  protected get dtype(): "float32" | "float64" {
    return this.probs.dtype as "float32" | "float64";
  }
  protected override _sample(shape: number[], key: PRNGKey): Tensor {
    const tiny = this.dtype === "float32" ? 2 ** -126 : 2 ** -1022;
    const u = uniform(key, this.extendedShape(shape), { dtype: this.dtype, minval: tiny, maxval: 1 });
    return floor(div(log(u), log1p(neg(this.probs))));
  }
  protected _logProb(k: Tensor): Tensor {
    // NOTE: k·log(1 − p) is taken as 0 at k = 0, so p = 1 gives log P(0) = 0, not NaN.
    const failures = where(equal(k, 0), 0, mul(k, log1p(neg(this.probs))));
    return failures.add(log(this.probs));
  }
  /** (−(1 − p) log(1 − p) − p log p)/p. */
  override entropy(): Tensor {
    return div(neg(binaryLogMass(this.probs, this.probs)), this.probs);
  }
  /** (1 − p)/p. */
  override get mean(): Tensor {
    return div(sub(1, this.probs), this.probs);
  }
  /** 0. */
  override get mode(): Tensor {
    return mul(this.probs, 0);
  }
  /** (1 − p)/p². */
  override get variance(): Tensor {
    return div(sub(1, this.probs), mul(this.probs, this.probs));
  }
  protected _expand(batchShape: number[]): Geometric {
    return new Geometric({ probs: this.expandParam(this.probs, batchShape), validateArgs: false });
  }
}
