import { add, atan, div, log, log1p, mul, square, sub, tan } from "../ops/index.js";
import { full } from "../tensor/creation.js";
import { cauchy } from "../random/continuous.js";
import type { PRNGKey } from "../random/key.js";
import type { Tensor } from "../tensor/tensor.js";
import { positive, real, type Constraint } from "./constraints.js";
import { Distribution } from "./distribution.js";
import { floatParams, readValidateArgs, type DistributionOptions, type ParamLike } from "./params.js";

/** The Cauchy distribution with `loc` x₀ and `scale` γ; `rsample` is x₀ + γ·C (pathwise). */
export class Cauchy extends Distribution {
  /** The location x₀ (the median). */
  readonly loc: Tensor;
  /** The scale γ (> 0). */
  readonly scale: Tensor;

  /** Cauchy(loc, scale). @example new Cauchy(0, 1).cdf(1) // 0.75 */
  constructor(loc: ParamLike, scale: ParamLike, options?: DistributionOptions) {
    const validate = readValidateArgs(options, "Cauchy");
    const [l, s] = floatParams("Cauchy", ["loc", "scale"], [loc, scale]);
    super(l!.shape, [], validate);
    this.loc = l!;
    this.scale = s!;
    this.checkParam("loc", this.loc, real);
    this.checkParam("scale", this.scale, positive);
  }
  /** The real line. */
  get support(): Constraint {
    return real;
  }
  /** True. */
  override get hasRsample(): boolean {
    return true;
  }
  protected get dtype(): "float32" | "float64" {
    return this.loc.dtype as "float32" | "float64";
  }
  protected override _rsample(shape: number[], key: PRNGKey): Tensor {
    return add(this.loc, mul(this.scale, cauchy(key, this.extendedShape(shape), { dtype: this.dtype })));
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
  /** x₀. */
  override get mode(): Tensor {
    return this.loc;
  }
  /** ∞: the variance does not exist. */
  override get variance(): Tensor {
    return full(this.batchShape, Infinity, { dtype: this.dtype });
  }
  protected _expand(batchShape: number[]): Cauchy {
    return new Cauchy(this.expandParam(this.loc, batchShape), this.expandParam(this.scale, batchShape), { validateArgs: false });
  }
}
