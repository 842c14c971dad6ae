import { add, atan, div, log, log1p, mul, square, sub, tan } from "../ops/index.js";
import { cauchy } from "../random/continuous.js";
import type { PRNGKey } from "../random/key.js";
import { full } from "../tensor/creation.js";
import type { Tensor } from "../tensor/tensor.js";
import { HalfScale } from "./half-scale.js";
import type { DistributionOptions, ParamLike } from "./params.js";

/** |X| for X ~ Cauchy(0, scale); `rsample` is |scale·C| (pathwise). */
export class HalfCauchy extends HalfScale {
  /** HalfCauchy(scale). @example new HalfCauchy(1).cdf(1) // 0.5 */
  constructor(scale: ParamLike, options?: DistributionOptions) {
    super("HalfCauchy", scale, options);
  }
  /** Standard draws of the underlying family (scale 1). */
  protected standard(key: PRNGKey, shape: number[], dtype: "float32" | "float64"): Tensor {
    return cauchy(key, shape, { dtype });
  }
  protected _logProb(x: Tensor): Tensor {
    return sub(sub(Math.log(2 / Math.PI), log(this.scale)), log1p(square(div(x, this.scale))));
  }
  protected override _cdf(x: Tensor): Tensor {
    return mul(2 / Math.PI, atan(div(x, this.scale)));
  }
  protected override _icdf(p: Tensor): Tensor {
    return mul(this.scale, tan(mul(Math.PI / 2, p)));
  }
  /** log 2πγ. */
  override entropy(): Tensor {
    return add(log(this.scale), Math.log(2 * Math.PI));
  }
  /** ∞. */
  override get mean(): Tensor {
    return full(this.batchShape, Infinity, { dtype: this.dtype });
  }
  /** ∞. */
  override get variance(): Tensor {
    return full(this.batchShape, Infinity, { dtype: this.dtype });
  }
  protected _expand(batchShape: number[]): HalfCauchy {
    return new HalfCauchy(this.expandParam(this.scale, batchShape), { validateArgs: false });
  }
}
