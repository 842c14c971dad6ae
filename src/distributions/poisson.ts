import { add, cast, floor, lgamma, sub, xlogy } from "../ops/index.js";
import type { PRNGKey } from "../random/key.js";
import { poisson } from "../random/poisson.js";
import type { Tensor } from "../tensor/tensor.js";
import { nonnegative, nonnegativeInteger, type Constraint } from "./constraints.js";
import { Distribution } from "./distribution.js";
import { floatParams, readValidateArgs, type DistributionOptions, type ParamLike } from "./params.js";

/** The Poisson distribution with `rate` λ ≥ 0 on {0, 1, 2, …} (values in the parameter's float dtype). Not reparameterisable. */
export class Poisson extends Distribution {
  /** The rate λ (≥ 0). */
  readonly rate: Tensor;

  /** Poisson(rate). @example new Poisson(3).logProb(0) // −3 */
  constructor(rate: ParamLike, options?: DistributionOptions) {
    const validate = readValidateArgs(options, "Poisson");
    const [r] = floatParams("Poisson", ["rate"], [rate]);
    super(r!.shape, [], validate);
    this.rate = r!;
    this.checkParam("rate", this.rate, nonnegative);
  }
  /** {0, 1, 2, …}. */
  get support(): Constraint {
    return nonnegativeInteger;
  }
  protected get dtype(): "float32" | "float64" {
    return this.rate.dtype as "float32" | "float64";
  }
  protected override _sample(shape: number[], key: PRNGKey): Tensor {
    return cast(poisson(key, this.rate, this.extendedShape(shape)), this.dtype);
  }
  protected _logProb(k: Tensor): Tensor {
    return sub(sub(xlogy(k, this.rate), this.rate), lgamma(add(k, 1)));
  }
  /** λ. */
  override get mean(): Tensor {
    return this.rate;
  }
  /** ⌊λ⌋. */
  override get mode(): Tensor {
    return floor(this.rate);
  }
  /** λ. */
  override get variance(): Tensor {
    return this.rate;
  }
  protected _expand(batchShape: number[]): Poisson {
    return new Poisson(this.expandParam(this.rate, batchShape), { validateArgs: false });
  }
}
