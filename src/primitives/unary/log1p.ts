import type { Tensor } from "../../tensor/tensor.js";
import { add } from "../binary/add.js";
import { bind1, noParams } from "../bind.js";
import { constant, elementwiseUnary } from "../rule-helpers.js";
import { div } from "../binary/div.js";

/** Ln(1 + x), accurate near 0, elementwise. d ln(1+x) = dx / (1 + x). */
export const log1pP = elementwiseUnary({
  name: "log1p",
  kernel: "log1p",
  derivative: (x) => div(constant(1, x), add(constant(1, x), x)),
  scale: (g, x) => div(g, add(constant(1, x), x)),
  testSpec: [{ args: [{ shape: [2, 3], domain: [-0.5, 2] }], params: {} }],
});

/** ln(1 + x), accurate near 0 (primitive). */
export function log1p(x: Tensor): Tensor {
  return bind1(log1pP, [x], noParams);
}
