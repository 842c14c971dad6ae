import { abs, add, div, expm1, log, log1p, mul, neg, sign, square, sub } from "../ops/index.js";
import { laplace } from "../random/continuous.js";
import type { PRNGKey } from "../random/key.js";
import type { Tensor } from "../tensor/tensor.js";
import { LocationScale } from "./location-scale.js";
import type { DistributionOptions, ParamLike } from "./params.js";

/** The Laplace distribution with `loc` μ and `scale` b; `rsample` is μ + b·L (pathwise). */
export class Laplace extends LocationScale {
  /** Laplace(loc, scale). @example new Laplace(0, 1).variance // 2 */
  constructor(loc: ParamLike, scale: ParamLike, options?: DistributionOptions) {
    super("Laplace", loc, scale, options);
  }
  /** Standard draws (loc 0, scale 1). */
  protected standard(key: PRNGKey, shape: number[], dtype: "float32" | "float64"): Tensor {
    return laplace(key, shape, { dtype });
  }
  protected _logProb(x: Tensor): Tensor {
    return sub(neg(log(mul(2, this.scale))), div(abs(sub(x, this.loc)), this.scale));
  }
  protected override _cdf(x: Tensor): Tensor {
    const z = sub(x, this.loc);
    return sub(0.5, mul(mul(0.5, sign(z)), expm1(neg(div(abs(z), this.scale)))));
  }
  protected override _icdf(p: Tensor): Tensor {
    const t = sub(p, 0.5);
    return sub(this.loc, mul(mul(this.scale, sign(t)), log1p(mul(-2, abs(t)))));
  }
  /** 1 + log 2b. */
  override entropy(): Tensor {
    return add(1, log(mul(2, this.scale)));
  }
  /** μ. */
  override get mean(): Tensor {
    return this.loc;
  }
  /** 2b². */
  override get variance(): Tensor {
    return mul(2, square(this.scale));
  }
  protected _expand(batchShape: number[]): Laplace {
    return new Laplace(this.expandParam(this.loc, batchShape), this.expandParam(this.scale, batchShape), { validateArgs: false });
  }
}
