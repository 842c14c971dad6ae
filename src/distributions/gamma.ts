import { add, digamma, div, gammainc, less, lgamma, log, maximum, mul, square, sub, where, xlogy } from "../ops/index.js";
import type { PRNGKey } from "../random/key.js";
import type { Tensor } from "../tensor/tensor.js";
import { nonnegative, positive, type Constraint } from "./constraints.js";
import { Distribution } from "./distribution.js";
import { floatParams, readValidateArgs, type DistributionOptions, type ParamLike } from "./params.js";
import { standardGamma } from "./standard-gamma.js";

/**
 * The gamma distribution with `concentration` α and `rate` β (mean α/β). `rsample` is
 * differentiable in both: in β pathwise (X = G/β), in α by implicit reparameterisation.
 */
export class Gamma extends Distribution {
  /** The shape α (> 0). */
  readonly concentration: Tensor;
  /** The rate β (> 0). */
  readonly rate: Tensor;

  /** Gamma(concentration, rate). @example new Gamma(2, 1).mean // 2 */
  constructor(concentration: ParamLike, rate: ParamLike, options?: DistributionOptions) {
    const name = new.target.name;
    const validate = readValidateArgs(options, name);
    const [a, b] = floatParams(name, ["concentration", "rate"], [concentration, rate]);
    super(a!.shape, [], validate);
    this.concentration = a!;
    this.rate = b!;
    this.checkParam("concentration", this.concentration, positive);
    this.checkParam("rate", this.rate, positive);
  }
  /** [0, ∞). */
  get support(): Constraint {
    return nonnegative;
  }
  /** True (implicit reparameterisation in α). */
  override get hasRsample(): boolean {
    return true;
  }
  protected get dtype(): "float32" | "float64" {
    return this.rate.dtype as "float32" | "float64";
  }
  protected override _rsample(shape: number[], key: PRNGKey): Tensor {
    return div(standardGamma(key, this.concentration, this.extendedShape(shape)), this.rate);
  }
  protected _logProb(x: Tensor): Tensor {
    const a = this.concentration;
    return sub(add(xlogy(a, this.rate), xlogy(sub(a, 1), x)), add(mul(this.rate, x), lgamma(a)));
  }
  /** P(α, βx) (the regularised incomplete gamma function), 0 for x < 0; differentiable in x, α and β to any order. */
  protected override _cdf(x: Tensor): Tensor {
    const neg = less(x, 0);
    return where(neg, 0, gammainc(this.concentration, mul(this.rate, where(neg, 0, x))));
  }
  /** α − log β + log Γ(α) + (1 − α)·ψ(α). */
  override entropy(): Tensor {
    const a = this.concentration;
    return add(sub(a, log(this.rate)), add(lgamma(a), mul(sub(1, a), digamma(a))));
  }
  /** α/β. */
  override get mean(): Tensor {
    return div(this.concentration, this.rate);
  }
  /** max(α − 1, 0)/β. */
  override get mode(): Tensor {
    return div(maximum(sub(this.concentration, 1), 0), this.rate);
  }
  /** α/β². */
  override get variance(): Tensor {
    return div(this.concentration, square(this.rate));
  }
  protected _expand(batchShape: number[]): Gamma {
    return new Gamma(this.expandParam(this.concentration, batchShape), this.expandParam(this.rate, batchShape), { validateArgs: false });
  }
}
