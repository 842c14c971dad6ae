import { argumentError } from "../../core/validate.js";
import type { Tensor } from "../../tensor/tensor.js";
import { independent, type Constraint } from "../constraints.js";
import { sumRightmost, Transform } from "./transform.js";

/** `base` with `n` more trailing axes counted as event axes: log|J| summed over them (torch's IndependentTransform). */
export class IndependentTransform extends Transform {
  /** `independent(base, n)`. */
  readonly name: string;
  /** The base's domain event rank + n. */
  readonly domainEventDim: number;
  /** The base's codomain event rank + n. */
  readonly codomainEventDim: number;
  /** Whether the base is bijective. */
  override readonly bijective: boolean;

  /** Reinterprets `reinterpretedBatchDims` batch axes of `base` as event axes. */
  constructor(readonly base: Transform, readonly reinterpretedBatchDims: number) {
    super();
    if (!(base instanceof Transform)) throw argumentError("transforms.independent", "base", "a transform", base);
    if (!Number.isInteger(reinterpretedBatchDims) || reinterpretedBatchDims < 0)
      throw argumentError("transforms.independent", "reinterpretedBatchDims", "an integer ≥ 0", reinterpretedBatchDims);
    this.name = `independent(${base.name}, ${reinterpretedBatchDims})`;
    this.domainEventDim = base.domainEventDim + reinterpretedBatchDims;
    this.codomainEventDim = base.codomainEventDim + reinterpretedBatchDims;
    this.bijective = base.bijective;
  }
  /** The base's domain on the larger events. */
  get domain(): Constraint {
    return this.reinterpretedBatchDims === 0 ? this.base.domain : independent(this.base.domain, this.reinterpretedBatchDims);
  }
  /** The base's codomain on the larger events. */
  get codomain(): Constraint {
    return this.reinterpretedBatchDims === 0 ? this.base.codomain : independent(this.base.codomain, this.reinterpretedBatchDims);
  }
  /** The base's sign. */
  override get sign(): number | Tensor | undefined {
    return this.base.sign;
  }
  protected override eventForwardShape(shape: number[]): number[] {
    return this.base.forwardShape(shape);
  }
  protected override eventInverseShape(shape: number[]): number[] {
    return this.base.inverseShape(shape);
  }
  protected call(x: Tensor): Tensor {
    return this.base.forward(x);
  }
  protected invert(y: Tensor): Tensor {
    return this.base.inverse(y);
  }
  protected ladj(x: Tensor, y: Tensor): Tensor {
    return sumRightmost(this.base.logAbsDetJacobian(x, y), this.reinterpretedBatchDims);
  }
}
