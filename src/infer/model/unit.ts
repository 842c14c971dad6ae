import { broadcastTo, toTensor } from "../../ops/index.js";
import type { PRNGKey } from "../../random/key.js";
import { zeros } from "../../tensor/creation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { real, type Constraint } from "../../distributions/constraints.js";
import { Distribution } from "../../distributions/distribution.js";

/**
 * The distribution behind `infer.factor` (NumPyro's `Unit`): an empty event whose log density is a
 * given tensor, whatever the value. Its samples are zeros of the batch shape.
 */
export class Unit extends Distribution {
  /** The log weight, shape `batchShape`. */
  readonly logFactor: Tensor;

  /** Unit(logFactor): batch shape is the log factor's shape. */
  constructor(logFactor: Tensor) {
    super(logFactor.shape, [], false);
    this.logFactor = logFactor;
  }
  /** Every real value (the value is ignored). */
  get support(): Constraint {
    return real;
  }
  /** The log factor, whatever the value (broadcast with the value's leading axes). */
  override logProb(value: Tensor | number): Tensor {
    const v = toTensor(value, this.dtype);
    return v.ndim > this.logFactor.ndim ? broadcastTo(this.logFactor, v.shape) : this.logFactor;
  }
  protected get dtype(): "float32" | "float64" {
    return this.logFactor.dtype === "float32" ? "float32" : "float64";
  }
  protected override _sample(shape: number[], _key: PRNGKey): Tensor {
    return zeros(this.extendedShape(shape), { dtype: this.dtype });
  }
  protected _logProb(_value: Tensor): Tensor {
    return this.logFactor;
  }
  protected _expand(batchShape: number[]): Unit {
    return new Unit(broadcastTo(this.logFactor, batchShape));
  }
}
