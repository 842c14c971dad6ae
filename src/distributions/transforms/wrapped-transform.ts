import type { Tensor } from "../../tensor/tensor.js";
import { Transform } from "./transform.js";

/**
 * A transform that computes what `base` computes (values, inverse, shapes, sign) and changes only
 * how it is described: the base of `IndependentTransform` and `OntoTransform`.
 */
export abstract class WrappedTransform extends Transform {
  /** Whether the base is bijective. */
  override readonly bijective: boolean;

  /** Wraps `base`. */
  constructor(readonly base: Transform) {
    super();
    this.bijective = base.bijective;
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
    return this.base.logAbsDetJacobian(x, y);
  }
}
