import { ArgumentError } from "../core/errors.js";
import { add, clamp, div, greaterEqual, less, log, logicalAnd, mul, neg, square, sub, where } from "../ops/index.js";
import { full } from "../tensor/creation.js";
import { uniform } from "../random/continuous.js";
import type { PRNGKey } from "../random/key.js";
import type { Tensor } from "../tensor/tensor.js";
import { firstViolation } from "./check-values.js";
import { halfOpenInterval, lessThan, real, type Constraint } from "./constraints.js";
import { Distribution } from "./distribution.js";
import { floatParams, readValidateArgs, type DistributionOptions, type ParamLike } from "./params.js";

/** The uniform distribution on [low, high); `rsample` is low + (high − low)·u (pathwise). */
export class Uniform extends Distribution {
  /** The lower bound. */
  readonly low: Tensor;
  /** The upper bound (> low). */
  readonly high: Tensor;

  /** U[low, high), parameters broadcast together. @example new Uniform(0, 2).entropy() // log 2 */
  constructor(low: ParamLike, high: ParamLike, options?: DistributionOptions) {
    const validate = readValidateArgs(options, "Uniform");
    const [l, h] = floatParams("Uniform", ["low", "high"], [low, high]);
    super(l!.shape, [], validate);
    this.low = l!;
    this.high = h!;
    this.checkParam("low", this.low, real);
    if (validate) {
      const bad = firstViolation(sub(this.low, this.high), lessThan(0));
      if (bad !== null) throw new ArgumentError(`Uniform: low must be less than high, got low − high = ${bad}`);
    }
  }
  /** [low, high). */
  get support(): Constraint {
    return halfOpenInterval(this.low, this.high);
  }
  /** True. */
  override get hasRsample(): boolean {
    return true;
  }
  protected get dtype(): "float32" | "float64" {
    return this.low.dtype as "float32" | "float64";
  }
  protected override _rsample(shape: number[], key: PRNGKey): Tensor {
    return add(this.low, mul(sub(this.high, this.low), uniform(key, this.extendedShape(shape), { dtype: this.dtype })));
  }
  protected _logProb(x: Tensor): Tensor {
    const inside = logicalAnd(greaterEqual(x, this.low), less(x, this.high));
    return where(inside, neg(log(sub(this.high, this.low))), -Infinity);
  }
  protected override _cdf(x: Tensor): Tensor {
    return clamp(div(sub(x, this.low), sub(this.high, this.low)), 0, 1);
  }
  protected override _icdf(p: Tensor): Tensor {
    return add(this.low, mul(p, sub(this.high, this.low)));
  }
  /** log(high − low). */
  override entropy(): Tensor {
    return log(sub(this.high, this.low));
  }
  /** (low + high)/2. */
  override get mean(): Tensor {
    return mul(0.5, add(this.low, this.high));
  }
  /** NaN: every point of the support is a mode (torch's convention). */
  override get mode(): Tensor {
    return full(this.batchShape, NaN, { dtype: this.dtype });
  }
  /** (high − low)²/12. */
  override get variance(): Tensor {
    return div(square(sub(this.high, this.low)), 12);
  }
  protected _expand(batchShape: number[]): Uniform {
    return new Uniform(this.expandParam(this.low, batchShape), this.expandParam(this.high, batchShape), { validateArgs: false });
  }
}
