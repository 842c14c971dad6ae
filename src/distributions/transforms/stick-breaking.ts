import { ShapeError } from "../../core/errors.js";
import { showShape } from "../../core/shape.js";
import { add, concat, exp, log, logSigmoid, neg, sub, sum } from "../../ops/index.js";
import { tensor } from "../../tensor/creation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { realVector, simplex, type Constraint } from "../constraints.js";
import { lastAxisSlice, runningSum } from "./last-axis.js";
import { Transform } from "./transform.js";

/** ln(K − 1 − k) for k = 0 … K − 2: torch's offset, which maps x = 0 to the uniform vector. */
function logOffsets(n: number, like: Tensor): Tensor {
  return tensor(Array.from({ length: n }, (_, k) => Math.log(n - k)), { dtype: like.dtype });
}

/**
 * Stick breaking: R^(K−1) → the simplex of K (torch's StickBreakingTransform): z_k = σ(x_k − ln(K−1−k)),
 * y_k = z_k·Π_{j<k}(1 − z_j), y_K = Π(1 − z_j). Square Jacobian onto the first K − 1 coordinates.
 * NOTE: computed in log space (ln z = ln σ, ln(1 − z) = ln σ(−·), running sums), so large inputs
 * give exact tiny entries instead of clamped ones; the inverse divides by suffix sums of y, not
 * 1 − cumsum(y), so it loses no digits to cancellation.
 */
export class StickBreakingTransform extends Transform {
  /** `stickBreaking`. */
  readonly name: string = "stickBreaking";
  /** Vectors. */
  readonly domainEventDim: number = 1;
  /** Vectors. */
  readonly codomainEventDim: number = 1;
  /** Real vectors. */
  get domain(): Constraint {
    return realVector;
  }
  /** The probability simplex. */
  get codomain(): Constraint {
    return simplex;
  }
  protected override checkEventShape(t: Tensor, method: string, arg: string): void {
    const least = arg === "y" ? 2 : 1;
    if (t.shape[t.ndim - 1]! < least)
      throw new ShapeError(`transforms.stickBreaking.${method}: ${arg}'s last axis must have length ≥ ${least}, got shape ${showShape(t.shape)}`);
  }
  /** ln z_k, the running ln Π_{j<k}(1 − z_j), and ln(1 − z_k). */
  private logParts(x: Tensor): { logZ: Tensor; logRest: Tensor; log1mZ: Tensor } {
    const xo = sub(x, logOffsets(x.shape[x.ndim - 1]!, x));
    const log1mZ = logSigmoid(neg(xo));
    return { logZ: logSigmoid(xo), logRest: runningSum(log1mZ, "exclusive"), log1mZ };
  }
  protected override eventForwardShape(shape: number[]): number[] {
    return [...shape.slice(0, -1), shape[shape.length - 1]! + 1];
  }
  protected override eventInverseShape(shape: number[]): number[] {
    if (shape[shape.length - 1]! < 2)
      throw new ShapeError(`transforms.stickBreaking.inverseShape: the last axis must have length ≥ 2, got ${showShape(shape)}`);
    return [...shape.slice(0, -1), shape[shape.length - 1]! - 1];
  }
  protected call(x: Tensor): Tensor {
    const { logZ, logRest, log1mZ } = this.logParts(x);
    return exp(concat([add(logZ, logRest), sum(log1mZ, -1, true)], -1));
  }
  protected invert(y: Tensor): Tensor {
    const n = y.shape[y.ndim - 1]! - 1;
    const rest = lastAxisSlice(runningSum(y, "suffixExclusive"), 0, n);
    return add(sub(log(lastAxisSlice(y, 0, n)), log(rest)), logOffsets(n, y));
  }
  protected ladj(x: Tensor): Tensor {
    const { logZ, logRest, log1mZ } = this.logParts(x);
    return sum(add(add(logZ, logRest), log1mZ), -1);
  }
}
