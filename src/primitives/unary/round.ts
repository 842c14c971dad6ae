import type { Tensor } from "../../tensor/tensor.js";
import { bind1, noParams } from "../bind.js";
import { elementwiseUnary } from "../rule-helpers.js";

/** Rounding to nearest, ties to even (numpy), elementwise. Piecewise constant: zero derivative. */
export const roundP = elementwiseUnary({
  name: "round",
  kernel: "round",
  anyDtype: true,
  testSpec: [{ args: [{ shape: [2, 3] }], params: {} }],
});

/** rounding to nearest, ties to even (numpy) (primitive). */
export function round(x: Tensor): Tensor {
  return bind1(roundP, [x], noParams);
}
