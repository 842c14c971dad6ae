import { add, div, erfc, erfinv, exp, expm1, log, mul, square, sub } from "../ops/index.js";
import { normal } from "../random/continuous.js";
import type { PRNGKey } from "../random/key.js";
import type { Tensor } from "../tensor/tensor.js";
import { positive, real, type Constraint } from "./constraints.js";
import { Distribution } from "./distribution.js";
import { floatParams, readValidateArgs, type DistributionOptions, type ParamLike } from "./params.js";

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** exp(X) for X ~ N(loc, scale²); `rsample` is exp(loc + scale·ε) (pathwise). */
export class LogNormal extends Distribution {
  /** The mean of log X. */
  readonly loc: Tensor;
  /** The standard deviation of log X (> 0). */
  readonly scale: Tensor;

  /** LogNormal(loc, scale). @example new LogNormal(0, 1).mean // √e */
  constructor(loc: ParamLike, scale: ParamLike, options?: DistributionOptions) {
    const validate = readValidateArgs(options, "LogNormal");
    const [l, s] = floatParams("LogNormal", ["loc", "scale"], [loc, scale]);
    super(l!.shape, [], validate);
    this.loc = l!;
    this.scale = s!;
    this.checkParam("loc", this.loc, real);
    this.checkParam("scale", this.scale, positive);
  }
  /** (0, ∞). */
  get support(): Constraint {
    return positive;
  }
  /** True. */
  override get hasRsample(): boolean {
    return true;
  }
  protected get dtype(): "float32" | "float64" {
    return this.loc.dtype as "float32" | "float64";
  }
  protected override _rsample(shape: number[], key: PRNGKey): Tensor {
    return exp(add(this.loc, mul(this.scale, normal(key, this.extendedShape(shape), { dtype: this.dtype }))));
  }
  protected _logProb(x: Tensor): Tensor {
    const lx = log(x);
    return sub(sub(sub(mul(-0.5, square(div(sub(lx, this.loc), this.scale))), log(this.scale)), HALF_LOG_2PI), lx);
  }
  protected override _cdf(x: Tensor): Tensor {
    return mul(0.5, erfc(div(sub(this.loc, log(x)), mul(this.scale, Math.SQRT2))));
  }
  protected override _icdf(p: Tensor): Tensor {
    return exp(add(this.loc, mul(mul(this.scale, Math.SQRT2), erfinv(sub(mul(2, p), 1)))));
  }
  /** μ + ½ + ½·log 2π + log σ. */
  override entropy(): Tensor {
    return add(add(this.loc, log(this.scale)), 0.5 + HALF_LOG_2PI);
  }
  /** exp(μ + σ²/2). */
  override get mean(): Tensor {
    return exp(add(this.loc, mul(0.5, square(this.scale))));
  }
  /** exp(μ − σ²). */
  override get mode(): Tensor {
    return exp(sub(this.loc, square(this.scale)));
  }
  /** (exp σ² − 1)·exp(2μ + σ²). */
  override get variance(): Tensor {
    const s2 = square(this.scale);
    return mul(expm1(s2), exp(add(mul(2, this.loc), s2)));
  }
  protected _expand(batchShape: number[]): LogNormal {
    return new LogNormal(this.expandParam(this.loc, batchShape), this.expandParam(this.scale, batchShape), { validateArgs: false });
  }
}
