import { add, mul } from "../ops/index.js";
import type { PRNGKey } from "../random/key.js";
import type { Tensor } from "../tensor/tensor.js";
import { positive, real, type Constraint } from "./constraints.js";
import { Distribution } from "./distribution.js";
import { floatParams, readValidateArgs, type DistributionOptions, type ParamLike } from "./params.js";

/**
 * A location-scale family on the real line, x = loc + scale·z with z drawn from the family's
 * standard member (loc 0, scale 1): the parameters, their checks, the support, the pathwise
 * `rsample` and the mode (loc) that Normal, Laplace and Cauchy share.
 */
export abstract class LocationScale extends Distribution {
  /** The location (the mode). */
  readonly loc: Tensor;
  /** The scale (> 0). */
  readonly scale: Tensor;

  /** `name`(loc, scale), parameters broadcast together and checked (loc real, scale > 0). */
  constructor(name: string, loc: ParamLike, scale: ParamLike, options?: DistributionOptions) {
    const validate = readValidateArgs(options, name);
    const [l, s] = floatParams(name, ["loc", "scale"], [loc, scale]);
    super(l!.shape, [], validate);
    this.loc = l!;
    this.scale = s!;
    this.checkParam("loc", this.loc, real);
    this.checkParam("scale", this.scale, positive);
  }

  /** Draws of the standard member (loc 0, scale 1) of the family, of `shape`. */
  protected abstract standard(key: PRNGKey, shape: number[], dtype: "float32" | "float64"): Tensor;

  /** The real line. */
  get support(): Constraint {
    return real;
  }
  /** True: loc + scale·z. */
  override get hasRsample(): boolean {
    return true;
  }
  /** The parameters' dtype. */
  protected get dtype(): "float32" | "float64" {
    return this.loc.dtype as "float32" | "float64";
  }
  protected override _rsample(shape: number[], key: PRNGKey): Tensor {
    return add(this.loc, mul(this.scale, this.standard(key, this.extendedShape(shape), this.dtype)));
  }
  /** loc. */
  override get mode(): Tensor {
    return this.loc;
  }
}
