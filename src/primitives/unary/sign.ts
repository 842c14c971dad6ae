import type { Tensor } from "../../tensor/tensor.js";
import { bind1, noParams } from "../bind.js";
import { elementwiseUnary } from "../rule-helpers.js";

/** −1, 0 or 1 (sign(0) = 0), elementwise. Piecewise constant: zero derivative. */
export const signP = elementwiseUnary({
  name: "sign",
  kernel: "sign",
  anyDtype: true,
  testSpec: [{ args: [{ shape: [2, 3] }], params: {} }],
});

/** −1, 0 or 1 (sign(0) = 0) (primitive). */
export function sign(x: Tensor): Tensor {
  return bind1(signP, [x], noParams);
}
