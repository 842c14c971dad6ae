import type { Tensor } from "../../tensor/tensor.js";
import { bind1, noParams } from "../bind.js";
import { constant, elementwiseUnary } from "../rule-helpers.js";
import { div } from "../binary/div.js";

/** Square root, elementwise. d √x = dx / (2√x); +∞ at 0 (IEEE). */
export const sqrtP = elementwiseUnary({
  name: "sqrt",
  kernel: "sqrt",
  derivative: (x, y) => div(constant(0.5, x), y),
  testSpec: [{ args: [{ shape: [2, 3], domain: [0.5, 3] }], params: {} }],
});

/** square root (primitive). */
export function sqrt(x: Tensor): Tensor {
  return bind1(sqrtP, [x], noParams);
}
