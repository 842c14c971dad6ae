import { add, logSigmoid, logit, neg, sigmoid } from "../../ops/index.js";
import type { Tensor } from "../../tensor/tensor.js";
import { unitInterval, type Constraint } from "../constraints.js";
import { clipProbs } from "./clip-probs.js";
import { IncreasingTransform } from "./increasing.js";

/**
 * y = σ(x): reals → [0, 1]; log|J| = −softplus(−x) − softplus(x), finite for any x.
 * NOTE: as torch, y is clamped into [tiny, 1 − eps] of its dtype, so `inverse` stays finite at ±50.
 */
export class SigmoidTransform extends IncreasingTransform {
  /** `sigmoid`. */
  readonly name: string = "sigmoid";
  /** [0, 1]. */
  get codomain(): Constraint {
    return unitInterval;
  }
  protected call(x: Tensor): Tensor {
    return clipProbs(sigmoid(x));
  }
  protected invert(y: Tensor): Tensor {
    return logit(clipProbs(y));
  }
  protected ladj(x: Tensor): Tensor {
    return add(logSigmoid(x), logSigmoid(neg(x)));
  }
}
