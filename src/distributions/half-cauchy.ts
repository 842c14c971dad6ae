import { abs, add, atan, div, log, log1p, mul, square, sub, tan } from "../ops/index.js";
import { cauchy } from "../random/continuous.js";
import type { PRNGKey } from "../random/key.js";
import { full, zerosLike } from "../tensor/creation.js";
import type { Tensor } from "../tensor/tensor.js";
import { nonnegative, positive, type Constraint } from "./constraints.js";
import { Distribution } from "./distribution.js";
import { floatParams, readValidateArgs, type DistributionOptions, type ParamLike } from "./params.js";

/** |X| for X ~ Cauchy(0, scale); `rsample` is |scale·C| (pathwise). */
export class HalfCauchy extends Distribution {
  /** The scale γ (> 0). */
  readonly scale: Tensor;

  /** HalfCauchy(scale). @example new HalfCauchy(1).cdf(1) // 0.5 */
  constructor(scale: ParamLike, options?: DistributionOptions) {
    const validate = readValidateArgs(options, "HalfCauchy");
    const [s] = floatParams("HalfCauchy", ["scale"], [scale]);
    super(s!.shape, [], validate);
    this.scale = s!;
    this.checkParam("scale", this.scale, positive);
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
    return this.scale.dtype as "float32" | "float64";
  }
  protected override _rsample(shape: number[], key: PRNGKey): Tensor {
    return abs(mul(this.scale, cauchy(key, this.extendedShape(shape), { dtype: this.dtype })));
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
  /** 0. */
  override get mode(): Tensor {
    return zerosLike(this.scale);
  }
  /** ∞. */
  override get variance(): Tensor {
    return full(this.batchShape, Infinity, { dtype: this.dtype });
  }
  protected _expand(batchShape: number[]): HalfCauchy {
    return new HalfCauchy(this.expandParam(this.scale, batchShape), { validateArgs: false });
  }
}
