import { abs, add, div, expm1, log, log1p, mul, neg, sign, square, sub } from "../ops/index.js";
import { laplace } from "../random/continuous.js";
import type { PRNGKey } from "../random/key.js";
import type { Tensor } from "../tensor/tensor.js";
import { positive, real, type Constraint } from "./constraints.js";
import { Distribution } from "./distribution.js";
import { floatParams, readValidateArgs, type DistributionOptions, type ParamLike } from "./params.js";

/** The Laplace distribution with `loc` μ and `scale` b; `rsample` is μ + b·L (pathwise). */
export class Laplace extends Distribution {
  /** The location μ. */
  readonly loc: Tensor;
  /** The scale b (> 0). */
  readonly scale: Tensor;

  /** Laplace(loc, scale). @example new Laplace(0, 1).variance // 2 */
  constructor(loc: ParamLike, scale: ParamLike, options?: DistributionOptions) {
    const validate = readValidateArgs(options, "Laplace");
    const [l, s] = floatParams("Laplace", ["loc", "scale"], [loc, scale]);
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
    return add(this.loc, mul(this.scale, laplace(key, this.extendedShape(shape), { dtype: this.dtype })));
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
  /** μ. */
  override get mode(): Tensor {
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
