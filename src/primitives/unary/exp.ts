import type { Tensor } from "../../tensor/tensor.js";
import { bind1, noParams } from "../bind.js";
import { elementwiseUnary } from "../rule-helpers.js";

/** The exponential eˣ, elementwise. d eˣ = eˣ dx (reuses the output). */
export const expP = elementwiseUnary({
  name: "exp",
  kernel: "exp",
  derivative: (_x, y) => y,
  testSpec: [{ args: [{ shape: [2, 3] }], params: {} }],
});

/** e^x (primitive). */
export function exp(x: Tensor): Tensor {
  return bind1(expP, [x], noParams);
}
