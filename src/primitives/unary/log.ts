import type { Tensor } from "../../tensor/tensor.js";
import { bind1, noParams } from "../bind.js";
import { constant, elementwiseUnary } from "../rule-helpers.js";
import { div } from "../binary/div.js";

/** Natural logarithm, elementwise. d ln x = dx / x. */
export const logP = elementwiseUnary({
  name: "log",
  kernel: "log",
  derivative: (x) => div(constant(1, x), x),
  scale: (g, x) => div(g, x),
  testSpec: [{ args: [{ shape: [2, 3], domain: [0.5, 3] }], params: {} }],
});

/** natural logarithm (primitive). */
export function log(x: Tensor): Tensor {
  return bind1(logP, [x], noParams);
}
