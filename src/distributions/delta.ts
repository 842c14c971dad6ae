import { broadcastTo, cast, equal, where } from "../ops/index.js";
import { zerosLike } from "../tensor/creation.js";
import { allLastAxes } from "./all-last-axes.js";
import type { PRNGKey } from "../random/key.js";
import type { Tensor } from "../tensor/tensor.js";
import { independent, real, type Constraint } from "./constraints.js";
import { Distribution } from "./distribution.js";
import { checkInteger, checkOptions } from "../core/validate.js";
import { ShapeError } from "../core/errors.js";
import { showShape } from "../core/shape.js";
import { floatParams, readValidateArgs, type DistributionOptions, type ParamLike } from "./params.js";

/** Options of `Delta`. */
export interface DeltaOptions extends DistributionOptions {
  /** The log-density at `v` (default 0). */
  logDensity?: ParamLike;
  /** How many trailing axes of `v` form one event (default 0). */
  eventDim?: number;
}

/** The point mass at `v`: samples are `v` (differentiable in `v`), logProb is `logDensity` at v and −∞ elsewhere. */
export class Delta extends Distribution {
  /** The point. */
  readonly v: Tensor;
  /** The log-density at the point, shape `batchShape`. */
  readonly logDensity: Tensor;

  /** Delta(v, { logDensity = 0, eventDim = 0 }). @example new Delta(2).logProb(2) // 0 */
  constructor(v: ParamLike, options?: DeltaOptions) {
    const validate = readValidateArgs(options, "Delta");
    const o = checkOptions<DeltaOptions>(options, "Delta");
    const [p] = floatParams("Delta", ["v"], [v]);
    const eventDim = checkInteger(o.eventDim ?? 0, "Delta", "options.eventDim", 0, p!.ndim);
    const batch = p!.shape.slice(0, p!.ndim - eventDim);
    const [ld] = floatParams("Delta", ["options.logDensity"], [o.logDensity ?? 0]);
    super(batch, p!.shape.slice(p!.ndim - eventDim), validate);
    this.v = p!;
    const ldt = ld!.dtype === p!.dtype ? ld! : cast(ld!, p!.dtype);
    if (ldt.ndim > batch.length || !ldt.shape.every((d, i) => d === 1 || d === batch[batch.length - ldt.ndim + i]))
      throw new ShapeError(`Delta: options.logDensity of shape ${showShape(ldt.shape)} must broadcast to the batch shape ${showShape(batch)}`);
    this.logDensity = broadcastTo(ldt, batch);
  }
  /** The real numbers (of the event's shape). */
  get support(): Constraint {
    return this.eventShape.length === 0 ? real : independent(real, this.eventShape.length);
  }
  /** True: the sample is `v` itself. */
  override get hasRsample(): boolean {
    return true;
  }
  protected get dtype(): "float32" | "float64" {
    return this.v.dtype as "float32" | "float64";
  }
  protected override _rsample(shape: number[], _key: PRNGKey): Tensor {
    return broadcastTo(this.v, this.extendedShape(shape));
  }
  protected _logProb(x: Tensor): Tensor {
    return where(allLastAxes(equal(x, this.v), this.eventShape.length), this.logDensity, -Infinity);
  }
  /** v. */
  override get mean(): Tensor {
    return this.v;
  }
  /** v. */
  override get mode(): Tensor {
    return this.v;
  }
  /** 0. */
  override get variance(): Tensor {
    return zerosLike(this.v);
  }
  protected _expand(batchShape: number[]): Delta {
    return new Delta(this.expandParam(this.v, batchShape), {
      logDensity: broadcastTo(this.logDensity, batchShape), eventDim: this.eventShape.length, validateArgs: false,
    });
  }
}
