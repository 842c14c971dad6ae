import { add, div, erfc, erfinv, log, mul, square, sub } from "../ops/index.js";
import type { PRNGKey } from "../random/key.js";
import { normal } from "../random/continuous.js";
import type { Tensor } from "../tensor/tensor.js";
import { LocationScale } from "./location-scale.js";
import type { DistributionOptions, ParamLike } from "./params.js";

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** The normal distribution N(loc, scale²); `rsample` is loc + scale·ε (pathwise). */
export class Normal extends LocationScale {
  /** N(loc, scale²), parameters broadcast together. @example new Normal(0, 1).logProb(0) // −0.9189 */
  constructor(loc: ParamLike, scale: ParamLike, options?: DistributionOptions) {
    super("Normal", loc, scale, options);
  }

  /** Standard draws (loc 0, scale 1). */
  protected standard(key: PRNGKey, shape: number[], dtype: "float32" | "float64"): Tensor {
    return normal(key, shape, { dtype });
  }
  protected _logProb(x: Tensor): Tensor {
    return sub(sub(mul(-0.5, square(div(sub(x, this.loc), this.scale))), log(this.scale)), HALF_LOG_2PI);
  }
  protected override _cdf(x: Tensor): Tensor {
    return mul(0.5, erfc(div(sub(this.loc, x), mul(this.scale, Math.SQRT2))));
  }
  protected override _icdf(p: Tensor): Tensor {
    return add(this.loc, mul(mul(this.scale, Math.SQRT2), erfinv(sub(mul(2, p), 1))));
  }
  /** ½ + ½·log 2π + log scale. */
  override entropy(): Tensor {
    return add(log(this.scale), 0.5 + HALF_LOG_2PI);
  }
  /** loc. */
  override get mean(): Tensor {
    return this.loc;
  }
  /** scale². */
  override get variance(): Tensor {
    return square(this.scale);
  }
  /** scale. */
  override get stddev(): Tensor {
    return this.scale;
  }
  protected _expand(batchShape: number[]): Normal {
    return new Normal(this.expandParam(this.loc, batchShape), this.expandParam(this.scale, batchShape), { validateArgs: false });
  }
}

