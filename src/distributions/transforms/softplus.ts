import { add, log1mexp, logSigmoid, neg, softplus } from "../../ops/index.js";
import type { Tensor } from "../../tensor/tensor.js";
import { positive, type Constraint } from "../constraints.js";
import { IncreasingTransform } from "./increasing.js";

/** y = ln(1 + eˣ): reals → positive; inverse y + ln(1 − e^(−y)) (exact for tiny and huge y); log|J| = ln σ(x). */
export class SoftplusTransform extends IncreasingTransform {
  /** `softplus`. */
  readonly name: string = "softplus";
  /** x > 0. */
  get codomain(): Constraint {
    return positive;
  }
  protected call(x: Tensor): Tensor {
    return softplus(x);
  }
  protected invert(y: Tensor): Tensor {
    return add(y, log1mexp(neg(y)));
  }
  protected ladj(x: Tensor): Tensor {
    return logSigmoid(x);
  }
}
