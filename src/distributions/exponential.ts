import { div, expm1, log, log1p, mul, neg, reciprocal, square, sub } from "../ops/index.js";
import { zerosLike } from "../tensor/creation.js";
import { exponential } from "../random/continuous.js";
import type { PRNGKey } from "../random/key.js";
import type { Tensor } from "../tensor/tensor.js";
import { nonnegative, positive, type Constraint } from "./constraints.js";
import { Distribution } from "./distribution.js";
import { floatParams, readValidateArgs, type DistributionOptions, type ParamLike } from "./params.js";

/** The exponential distribution with `rate` λ (mean 1/λ); `rsample` is E/λ with E ~ Exp(1) (pathwise). */
export class Exponential extends Distribution {
  /** The rate λ (> 0). */
  readonly rate: Tensor;

  /** Exp(rate). @example new Exponential(2).mean // 0.5 */
  constructor(rate: ParamLike, options?: DistributionOptions) {
    const validate = readValidateArgs(options, "Exponential");
    const [r] = floatParams("Exponential", ["rate"], [rate]);
    super(r!.shape, [], validate);
    this.rate = r!;
    this.checkParam("rate", this.rate, positive);
  }
  /** [0, ∞). */
  get support(): Constraint {
    return nonnegative;
  }
  /** True. */
  override get hasRsample(): boolean {
    return true;
  }
  protected get dtype(): "float32" | "float64" {
    return this.rate.dtype as "float32" | "float64";
  }
  protected override _rsample(shape: number[], key: PRNGKey): Tensor {
    return div(exponential(key, this.extendedShape(shape), { dtype: this.dtype }), this.rate);
  }
  protected _logProb(x: Tensor): Tensor {
    return sub(log(this.rate), mul(this.rate, x));
  }
  protected override _cdf(x: Tensor): Tensor {
    return neg(expm1(neg(mul(this.rate, x))));
  }
  protected override _icdf(p: Tensor): Tensor {
    return div(neg(log1p(neg(p))), this.rate);
  }
  /** 1 − log λ. */
  override entropy(): Tensor {
    return sub(1, log(this.rate));
  }
  /** 1/λ. */
  override get mean(): Tensor {
    return reciprocal(this.rate);
  }
  /** 0. */
  override get mode(): Tensor {
    return zerosLike(this.rate);
  }
  /** 1/λ². */
  override get variance(): Tensor {
    return reciprocal(square(this.rate));
  }
  protected _expand(batchShape: number[]): Exponential {
    return new Exponential(this.expandParam(this.rate, batchShape), { validateArgs: false });
  }
}
