import type { Tensor } from "../../tensor/tensor.js";
import { bind1, noParams } from "../bind.js";
import { cos } from "./cos.js";
import { elementwiseUnary } from "../rule-helpers.js";

/** Sine, elementwise. d sin x = cos x dx. */
export const sinP = elementwiseUnary({
  name: "sin",
  kernel: "sin",
  derivative: (x) => cos(x),
  testSpec: [{ args: [{ shape: [2, 3] }], params: {} }],
});

/** sine (primitive). */
export function sin(x: Tensor): Tensor {
  return bind1(sinP, [x], noParams);
}
