import { div, erf, erfinv, log, mul, square, sub } from "../ops/index.js";
import { normal } from "../random/continuous.js";
import type { PRNGKey } from "../random/key.js";
import type { Tensor } from "../tensor/tensor.js";
import { HalfScale } from "./half-scale.js";
import type { DistributionOptions, ParamLike } from "./params.js";

/** |X| for X ~ N(0, scale²); `rsample` is |scale·ε| (pathwise). */
export class HalfNormal extends HalfScale {
  /** HalfNormal(scale). @example new HalfNormal(1).mean // √(2/π) */
  constructor(scale: ParamLike, options?: DistributionOptions) {
    super("HalfNormal", scale, options);
  }
  /** Standard draws of the underlying family (scale 1). */
  protected standard(key: PRNGKey, shape: number[], dtype: "float32" | "float64"): Tensor {
    return normal(key, shape, { dtype });
  }
  protected _logProb(x: Tensor): Tensor {
    return sub(sub(0.5 * Math.log(2 / Math.PI), log(this.scale)), mul(0.5, square(div(x, this.scale))));
  }
  protected override _cdf(x: Tensor): Tensor {
    return erf(div(x, mul(this.scale, Math.SQRT2)));
  }
  protected override _icdf(p: Tensor): Tensor {
    return mul(mul(this.scale, Math.SQRT2), erfinv(p));
  }
  /** ½·log(πσ²/2) + ½. */
  override entropy(): Tensor {
    return sub(log(this.scale), -0.5 * Math.log(Math.PI / 2) - 0.5);
  }
  /** σ·√(2/π). */
  override get mean(): Tensor {
    return mul(this.scale, Math.sqrt(2 / Math.PI));
  }
  /** σ²·(1 − 2/π). */
  override get variance(): Tensor {
    return mul(square(this.scale), 1 - 2 / Math.PI);
  }
  protected _expand(batchShape: number[]): HalfNormal {
    return new HalfNormal(this.expandParam(this.scale, batchShape), { validateArgs: false });
  }
}
