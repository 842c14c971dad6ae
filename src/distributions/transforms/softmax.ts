import { ArgumentError, ShapeError } from "../../core/errors.js";
import { showShape } from "../../core/shape.js";
import { log, softmax } from "../../ops/index.js";
import type { Tensor } from "../../tensor/tensor.js";
import { realVector, simplex, type Constraint } from "../constraints.js";
import { Transform } from "./transform.js";

/**
 * y = softmax(x): real vectors → the simplex (torch's SoftmaxTransform); inverse ln y. Not
 * injective (x + c gives the same y), so it has no log-det: what `transformTo(simplex)` returns,
 * for optimisation; `stickBreaking` is the bijection.
 */
export class SoftmaxTransform extends Transform {
  /** `softmax`. */
  readonly name: string = "softmax";
  /** Vectors. */
  readonly domainEventDim: number = 1;
  /** Vectors. */
  readonly codomainEventDim: number = 1;
  /** Not injective. */
  override readonly bijective: boolean = false;
  /** Real vectors. */
  get domain(): Constraint {
    return realVector;
  }
  /** The probability simplex. */
  get codomain(): Constraint {
    return simplex;
  }
  protected override checkEventShape(t: Tensor, method: string, arg: string): void {
    if (t.shape[t.ndim - 1] === 0)
      throw new ShapeError(`transforms.softmax.${method}: ${arg}'s last axis must have length ≥ 1, got shape ${showShape(t.shape)}`);
  }
  protected call(x: Tensor): Tensor {
    return softmax(x, -1);
  }
  protected invert(y: Tensor): Tensor {
    return log(y);
  }
  protected ladj(): Tensor {
    throw new ArgumentError(
      "transforms.softmax.logAbsDetJacobian: softmax is not injective (x + c gives the same y), so it has no log-det; use transforms.stickBreaking, the bijection onto the simplex",
    );
  }
}
