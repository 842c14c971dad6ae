import { argumentError } from "../../core/validate.js";
import type { Tensor } from "../../tensor/tensor.js";
import { independent, type Constraint } from "../constraints.js";
import { sumRightmost, Transform } from "./transform.js";
import { WrappedTransform } from "./wrapped-transform.js";

/** `base` with `n` more trailing axes counted as event axes: log|J| summed over them (torch's IndependentTransform). */
export class IndependentTransform extends WrappedTransform {
  /** `independent(base, n)`. */
  readonly name: string;
  /** The base's domain event rank + n. */
  readonly domainEventDim: number;
  /** The base's codomain event rank + n. */
  readonly codomainEventDim: number;
  /** Reinterprets `reinterpretedBatchDims` batch axes of `base` as event axes. */
  constructor(base: Transform, readonly reinterpretedBatchDims: number) {
    if (!(base instanceof Transform)) throw argumentError("transforms.independent", "base", "a transform", base);
    if (!Number.isInteger(reinterpretedBatchDims) || reinterpretedBatchDims < 0)
      throw argumentError("transforms.independent", "reinterpretedBatchDims", "an integer ≥ 0", reinterpretedBatchDims);
    super(base);
    this.name = `independent(${base.name}, ${reinterpretedBatchDims})`;
    this.domainEventDim = base.domainEventDim + reinterpretedBatchDims;
    this.codomainEventDim = base.codomainEventDim + reinterpretedBatchDims;
  }
  /** The base's domain on the larger events. */
  get domain(): Constraint {
    return this.reinterpretedBatchDims === 0 ? this.base.domain : independent(this.base.domain, this.reinterpretedBatchDims);
  }
  /** The base's codomain on the larger events. */
  get codomain(): Constraint {
    return this.reinterpretedBatchDims === 0 ? this.base.codomain : independent(this.base.codomain, this.reinterpretedBatchDims);
  }
  protected override ladj(x: Tensor, y: Tensor): Tensor {
    return sumRightmost(this.base.logAbsDetJacobian(x, y), this.reinterpretedBatchDims);
  }
}
