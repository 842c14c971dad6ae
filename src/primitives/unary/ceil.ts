import type { Tensor } from "../../tensor/tensor.js";
import { bind1, noParams } from "../bind.js";
import { elementwiseUnary } from "../rule-helpers.js";

/** Rounding up, elementwise. Piecewise constant: zero derivative. */
export const ceilP = elementwiseUnary({
  name: "ceil",
  kernel: "ceil",
  anyDtype: true,
  testSpec: [{ args: [{ shape: [2, 3] }], params: {} }],
});

/** rounding up (primitive). */
export function ceil(x: Tensor): Tensor {
  return bind1(ceilP, [x], noParams);
}
