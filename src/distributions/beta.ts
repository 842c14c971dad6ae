import { add, betainc, digamma, div, greater, lgamma, less, mul, square, sub, where, xlogy } from "../ops/index.js";
import type { PRNGKey } from "../random/key.js";
import type { Tensor } from "../tensor/tensor.js";
import { positive, unitInterval, type Constraint } from "./constraints.js";
import { Distribution } from "./distribution.js";
import { floatParams, readValidateArgs, type DistributionOptions, type ParamLike } from "./params.js";
import { standardGamma } from "./standard-gamma.js";
import { split } from "../random/split.js";

/** log B(a, b) = log Γ(a) + log Γ(b) − log Γ(a + b). */
export function logBeta(a: Tensor, b: Tensor): Tensor {
  return sub(add(lgamma(a), lgamma(b)), lgamma(add(a, b)));
}

/** The beta distribution Beta(α, β) on [0, 1]; `rsample` is G₁/(G₁ + G₂), differentiable by implicit reparameterisation. */
export class Beta extends Distribution {
  /** α (> 0). */
  readonly concentration1: Tensor;
  /** β (> 0). */
  readonly concentration0: Tensor;

  /** Beta(concentration1, concentration0). @example new Beta(2, 2).mean // 0.5 */
  constructor(concentration1: ParamLike, concentration0: ParamLike, options?: DistributionOptions) {
    const validate = readValidateArgs(options, "Beta");
    const [a, b] = floatParams("Beta", ["concentration1", "concentration0"], [concentration1, concentration0]);
    super(a!.shape, [], validate);
    this.concentration1 = a!;
    this.concentration0 = b!;
    this.checkParam("concentration1", this.concentration1, positive);
    this.checkParam("concentration0", this.concentration0, positive);
  }
  /** [0, 1]. */
  get support(): Constraint {
    return unitInterval;
  }
  /** True. */
  override get hasRsample(): boolean {
    return true;
  }
  protected get dtype(): "float32" | "float64" {
    return this.concentration1.dtype as "float32" | "float64";
  }
  protected override _rsample(shape: number[], key: PRNGKey): Tensor {
    const [k1, k0] = split(key, 2);
    const s = this.extendedShape(shape);
    const g1 = standardGamma(k1!, this.concentration1, s);
    const g0 = standardGamma(k0!, this.concentration0, s);
    return div(g1, add(g1, g0));
  }
  protected _logProb(x: Tensor): Tensor {
    const a = this.concentration1;
    const b = this.concentration0;
    return sub(add(xlogy(sub(a, 1), x), xlogy(sub(b, 1), sub(1, x))), logBeta(a, b));
  }
  /** I_x(α, β) (the regularised incomplete beta function), clamped to [0, 1] outside; differentiable in x, α and β to any order. */
  protected override _cdf(x: Tensor): Tensor {
    const [lo, hi] = [less(x, 0), greater(x, 1)];
    const inside = where(lo, 0, where(hi, 1, x));
    return where(lo, 0, where(hi, 1, betainc(this.concentration1, this.concentration0, inside)));
  }
  /** log B(α, β) − (α − 1)ψ(α) − (β − 1)ψ(β) + (α + β − 2)ψ(α + β). */
  override entropy(): Tensor {
    const a = this.concentration1;
    const b = this.concentration0;
    const t = sub(mul(sub(a, 1), digamma(a)), mul(sub(add(a, b), 2), digamma(add(a, b))));
    return sub(sub(logBeta(a, b), t), mul(sub(b, 1), digamma(b)));
  }
  /** α/(α + β). */
  override get mean(): Tensor {
    return div(this.concentration1, add(this.concentration1, this.concentration0));
  }
  /** (α − 1)/(α + β − 2) (for α, β > 1). */
  override get mode(): Tensor {
    return div(sub(this.concentration1, 1), sub(add(this.concentration1, this.concentration0), 2));
  }
  /** αβ/((α + β)²(α + β + 1)). */
  override get variance(): Tensor {
    const s = add(this.concentration1, this.concentration0);
    return div(mul(this.concentration1, this.concentration0), mul(square(s), add(s, 1)));
  }
  protected _expand(batchShape: number[]): Beta {
    return new Beta(this.expandParam(this.concentration1, batchShape), this.expandParam(this.concentration0, batchShape), { validateArgs: false });
  }
}
