import { log1p, mul, neg, softplus, sub, tanh } from "../../ops/index.js";
import type { Tensor } from "../../tensor/tensor.js";
import { interval, type Constraint } from "../constraints.js";
import { IncreasingTransform } from "./increasing.js";

/** log(1 − tanh²x) = 2·(ln 2 − x − softplus(−2x)), finite for any x. */
export function tanhLogDerivative(x: Tensor): Tensor {
  return mul(2, sub(sub(Math.LN2, x), softplus(mul(-2, x))));
}

/** atanh y = ½(ln1p(y) − ln1p(−y)). */
export function atanh(y: Tensor): Tensor {
  return mul(0.5, sub(log1p(y), log1p(neg(y))));
}

/** [−1, 1], tanh's codomain. */
const minusOneToOne: Constraint = interval(-1, 1);

/** y = tanh x: reals → (−1, 1); inverse atanh; log|J| = 2·(ln 2 − x − softplus(−2x)). */
export class TanhTransform extends IncreasingTransform {
  /** `tanh`. */
  readonly name: string = "tanh";
  /** [−1, 1]. */
  get codomain(): Constraint {
    return minusOneToOne;
  }
  protected call(x: Tensor): Tensor {
    return tanh(x);
  }
  protected invert(y: Tensor): Tensor {
    return atanh(y);
  }
  protected ladj(x: Tensor): Tensor {
    return tanhLogDerivative(x);
  }
}
