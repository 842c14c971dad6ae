import { exp, log } from "../../ops/index.js";
import type { Tensor } from "../../tensor/tensor.js";
import { positive, type Constraint } from "../constraints.js";
import { IncreasingTransform } from "./increasing.js";

/** y = eˣ: reals → positive; log|J| = x. */
export class ExpTransform extends IncreasingTransform {
  /** `exp`. */
  readonly name: string = "exp";
  /** x > 0. */
  get codomain(): Constraint {
    return positive;
  }
  protected call(x: Tensor): Tensor {
    return exp(x);
  }
  protected invert(y: Tensor): Tensor {
    return log(y);
  }
  protected ladj(x: Tensor): Tensor {
    return x;
  }
}
