import type { Tensor } from "../../tensor/tensor.js";
import { add } from "../binary/add.js";
import { bind1, noParams } from "../bind.js";
import { constant, elementwiseUnary } from "../rule-helpers.js";
import { div } from "../binary/div.js";
import { mul } from "../binary/mul.js";

/** Arctangent, elementwise. d atan x = dx / (1 + x²). */
export const atanP = elementwiseUnary({
  name: "atan",
  kernel: "atan",
  derivative: (x) => div(constant(1, x), add(constant(1, x), mul(x, x))),
  scale: (g, x) => div(g, add(constant(1, x), mul(x, x))),
  testSpec: [{ args: [{ shape: [2, 3] }], params: {} }],
});

/** arctangent (primitive). */
export function atan(x: Tensor): Tensor {
  return bind1(atanP, [x], noParams);
}
