import { cast, greater, logit, mul, neg, sigmoid, softplus, sub, xlogy } from "../ops/index.js";
import { bernoulli } from "../random/discrete.js";
import type { PRNGKey } from "../random/key.js";
import { tensor } from "../tensor/creation.js";
import type { Tensor } from "../tensor/tensor.js";
import { boolean, real, unitInterval, type Constraint } from "./constraints.js";
import { Distribution } from "./distribution.js";
import { floatParams, probsOrLogits, type DistributionOptions, type ParamLike } from "./params.js";

/** Options of `Bernoulli`: exactly one of `probs` (in [0, 1]) and `logits` (log-odds). */
export interface BernoulliOptions extends DistributionOptions {
  /** P(x = 1). */
  probs?: ParamLike;
  /** log(p/(1 − p)). */
  logits?: ParamLike;
}

/**
 * The Bernoulli distribution on {0, 1} (values in the parameters' float dtype). Not
 * reparameterisable: use the "score" or "enumerate" estimators.
 * NOTE: given `probs`, densities use p itself (xlogy), so p = 0 and p = 1 give finite log-masses
 * where the mass is positive; given `logits`, they use the logits (softplus), stable for large |logits|.
 */
export class Bernoulli extends Distribution {
  private readonly probsParam: Tensor | null;
  private readonly logitsParam: Tensor | null;

  /** Bernoulli({ probs }) or Bernoulli({ logits }). @example new Bernoulli({ probs: 0.3 }).logProb(1) // log 0.3 */
  constructor(options: BernoulliOptions) {
    const o = probsOrLogits("Bernoulli", options);
    const [p] = floatParams("Bernoulli", [o.probs !== undefined ? "probs" : "logits"], [o.probs ?? o.logits]);
    super(p!.shape, [], o.validateArgs);
    this.probsParam = o.probs !== undefined ? p! : null;
    this.logitsParam = o.probs !== undefined ? null : p!;
    if (this.probsParam) this.checkParam("probs", this.probsParam, unitInterval);
    else this.checkParam("logits", this.logitsParam!, real);
  }
  /** P(x = 1). */
  get probs(): Tensor {
    return this.probsParam ?? sigmoid(this.logitsParam!);
  }
  /** The log-odds (±∞ for probs 0 and 1). */
  get logits(): Tensor {
    return this.logitsParam ?? logit(this.probsParam!);
  }
  /** {0, 1}. */
  get support(): Constraint {
    return boolean;
  }
  /** True: the support is {0, 1}. */
  override get hasEnumerateSupport(): boolean {
    return true;
  }
  protected get dtype(): "float32" | "float64" {
    return (this.probsParam ?? this.logitsParam!).dtype as "float32" | "float64";
  }
  protected override _sample(shape: number[], key: PRNGKey): Tensor {
    return cast(bernoulli(key, this.probs, this.extendedShape(shape)), this.dtype);
  }
  protected override _enumerateSupport(): Tensor {
    return tensor([0, 1], { dtype: this.dtype });
  }
  protected _logProb(x: Tensor): Tensor {
    if (this.probsParam) return binaryLogMass(x, this.probsParam);
    const l = this.logitsParam!;
    return sub(mul(x, l), softplus(l));
  }
  /** −p log p − (1 − p) log(1 − p). */
  override entropy(): Tensor {
    if (this.probsParam) {
      const p = this.probsParam;
      return neg(binaryLogMassAt(p));
    }
    const l = this.logitsParam!;
    return sub(softplus(l), mul(l, sigmoid(l)));
  }
  /** p. */
  override get mean(): Tensor {
    return this.probs;
  }
  /** 1 where p > ½, else 0. */
  override get mode(): Tensor {
    return cast(greater(this.probs, 0.5), this.dtype);
  }
  /** p(1 − p). */
  override get variance(): Tensor {
    const p = this.probs;
    return mul(p, sub(1, p));
  }
  protected _expand(batchShape: number[]): Bernoulli {
    return this.probsParam
      ? new Bernoulli({ probs: this.expandParam(this.probsParam, batchShape), validateArgs: false })
      : new Bernoulli({ logits: this.expandParam(this.logitsParam!, batchShape), validateArgs: false });
  }
}

/** x log p + (1 − x) log(1 − p), finite at p ∈ {0, 1} where the mass is positive. */
export function binaryLogMass(x: Tensor, p: Tensor): Tensor {
  return xlogy(x, p).add(xlogy(sub(1, x), sub(1, p)));
}

/** p log p + (1 − p) log(1 − p) (the negative binary entropy). */
function binaryLogMassAt(p: Tensor): Tensor {
  return binaryLogMass(p, p);
}
