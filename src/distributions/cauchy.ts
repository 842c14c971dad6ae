import { add, atan, div, log, log1p, mul, square, sub, tan } from "../ops/index.js";
import { full } from "../tensor/creation.js";
import { cauchy } from "../random/continuous.js";
import type { PRNGKey } from "../random/key.js";
import type { Tensor } from "../tensor/tensor.js";
import { LocationScale } from "./location-scale.js";
import type { DistributionOptions, ParamLike } from "./params.js";

/** The Cauchy distribution with `loc` x₀ and `scale` γ; `rsample` is x₀ + γ·C (pathwise). */
export class Cauchy extends LocationScale {
  /** Cauchy(loc, scale). @example new Cauchy(0, 1).cdf(1) // 0.75 */
  constructor(loc: ParamLike, scale: ParamLike, options?: DistributionOptions) {
    super("Cauchy", loc, scale, options);
  }
  /** Standard draws (loc 0, scale 1). */
  protected standard(key: PRNGKey, shape: number[], dtype: "float32" | "float64"): Tensor {
    return cauchy(key, shape, { dtype });
  }
  protected _logProb(x: Tensor): Tensor {
    return sub(sub(-Math.log(Math.PI), log(this.scale)), log1p(square(div(sub(x, this.loc), this.scale))));
  }
  protected override _cdf(x: Tensor): Tensor {
    return add(div(atan(div(sub(x, this.loc), this.scale)), Math.PI), 0.5);
  }
  protected override _icdf(p: Tensor): Tensor {
    return add(this.loc, mul(this.scale, tan(mul(Math.PI, sub(p, 0.5)))));
  }
  /** log 4πγ. */
  override entropy(): Tensor {
    return add(log(this.scale), Math.log(4 * Math.PI));
  }
  /** NaN: the mean does not exist. */
  override get mean(): Tensor {
    return full(this.batchShape, NaN, { dtype: this.dtype });
  }
  /** ∞: the variance does not exist. */
  override get variance(): Tensor {
    return full(this.batchShape, Infinity, { dtype: this.dtype });
  }
  protected _expand(batchShape: number[]): Cauchy {
    return new Cauchy(this.expandParam(this.loc, batchShape), this.expandParam(this.scale, batchShape), { validateArgs: false });
  }
}
