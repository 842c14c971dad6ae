import { ShapeError } from "../../core/errors.js";
import { showShape } from "../../core/shape.js";
import { concat, exp, log, sub, sum } from "../../ops/index.js";
import type { Tensor } from "../../tensor/tensor.js";
import { ordered, realVector, type Constraint } from "../constraints.js";
import { lastAxisSlice, runningSum } from "./last-axis.js";
import { Transform } from "./transform.js";

/**
 * R^K → strictly increasing vectors (Stan's ordered): y_0 = x_0, y_k = y_{k−1} + e^(x_k);
 * inverse x_k = ln(y_k − y_{k−1}); log|J| = Σ_{k≥1} x_k.
 */
export class OrderedTransform extends Transform {
  /** `ordered`. */
  readonly name: string = "ordered";
  /** Vectors. */
  readonly domainEventDim: number = 1;
  /** Vectors. */
  readonly codomainEventDim: number = 1;
  /** Real vectors. */
  get domain(): Constraint {
    return realVector;
  }
  /** Strictly increasing vectors. */
  get codomain(): Constraint {
    return ordered;
  }
  protected override checkEventShape(t: Tensor, method: string, arg: string): void {
    if (t.shape[t.ndim - 1] === 0)
      throw new ShapeError(`transforms.ordered.${method}: ${arg}'s last axis must have length ≥ 1, got shape ${showShape(t.shape)}`);
  }
  protected call(x: Tensor): Tensor {
    const k = x.shape[x.ndim - 1]!;
    return runningSum(concat([lastAxisSlice(x, 0, 1), exp(lastAxisSlice(x, 1, k - 1))], -1), "inclusive");
  }
  protected invert(y: Tensor): Tensor {
    const k = y.shape[y.ndim - 1]!;
    const gaps = sub(lastAxisSlice(y, 1, k - 1), lastAxisSlice(y, 0, k - 1));
    return concat([lastAxisSlice(y, 0, 1), log(gaps)], -1);
  }
  protected ladj(x: Tensor): Tensor {
    return sum(lastAxisSlice(x, 1, x.shape[x.ndim - 1]! - 1), -1);
  }
}
