import { abs, mul } from "../ops/index.js";
import type { PRNGKey } from "../random/key.js";
import { zerosLike } from "../tensor/creation.js";
import type { Tensor } from "../tensor/tensor.js";
import { nonnegative, positive, type Constraint } from "./constraints.js";
import { Distribution } from "./distribution.js";
import { floatParams, readValidateArgs, type DistributionOptions, type ParamLike } from "./params.js";

/**
 * |X| for X in a symmetric scale family centred at 0: x = |scale·z| with z from the family's standard
 * member. The parameter and its check, the support [0, ∞), the pathwise `rsample` and the mode (0)
 * that HalfNormal and HalfCauchy share.
 */
export abstract class HalfScale extends Distribution {
  /** The scale (> 0) of the underlying symmetric distribution. */
  readonly scale: Tensor;

  /** `name`(scale), checked (scale > 0). */
  constructor(name: string, scale: ParamLike, options?: DistributionOptions) {
    const validate = readValidateArgs(options, name);
    const [s] = floatParams(name, ["scale"], [scale]);
    super(s!.shape, [], validate);
    this.scale = s!;
    this.checkParam("scale", this.scale, positive);
  }

  /** Draws of the underlying family's standard member (scale 1), of `shape`. */
  protected abstract standard(key: PRNGKey, shape: number[], dtype: "float32" | "float64"): Tensor;

  /** [0, ∞). */
  get support(): Constraint {
    return nonnegative;
  }
  /** True: |scale·z|. */
  override get hasRsample(): boolean {
    return true;
  }
  /** The parameter's dtype. */
  protected get dtype(): "float32" | "float64" {
    return this.scale.dtype as "float32" | "float64";
  }
  protected override _rsample(shape: number[], key: PRNGKey): Tensor {
    return abs(mul(this.scale, this.standard(key, this.extendedShape(shape), this.dtype)));
  }
  /** 0. */
  override get mode(): Tensor {
    return zerosLike(this.scale);
  }
}
