import type { Tensor } from "../../tensor/tensor.js";
import { bind1, noParams } from "../bind.js";
import { elementwiseUnary } from "../rule-helpers.js";

/** Rounding down, elementwise. Piecewise constant: zero derivative. */
export const floorP = elementwiseUnary({
  name: "floor",
  kernel: "floor",
  anyDtype: true,
  testSpec: [{ args: [{ shape: [2, 3] }], params: {} }],
});

/** rounding down (primitive). */
export function floor(x: Tensor): Tensor {
  return bind1(floorP, [x], noParams);
}
