import { inFunction } from "../core/validate.js";
import { exp, sub, toTensor, type TensorLike } from "../ops/index.js";
import { stopGradient } from "../primitives/other/stop-gradient.js";
import { Tensor } from "../tensor/tensor.js";

/**
 * The DiCE magic box (Foerster et al. 2018): exp(x − stopGradient(x)). It evaluates to 1 and its
 * derivative is x′ times itself, to every order (so `magicBox(logProb) * cost` is a surrogate whose
 * n-th derivatives are unbiased).
 *
 * @example
 * grad((t: Tensor) => magicBox(mul(t, t)))(scalar(3)); // 6, while magicBox(9) is 1
 */
export function magicBox(x: TensorLike): Tensor {
  const t = x instanceof Tensor ? x : inFunction("magicBox", () => toTensor(x));
  return exp(sub(t, stopGradient(t)));
}
