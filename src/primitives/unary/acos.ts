import type { Tensor } from "../../tensor/tensor.js";
import { bind1, noParams } from "../bind.js";
import { elementwiseUnary } from "../rule-helpers.js";
import { rsqrtOneMinusSquare } from "./asin.js";
import { neg } from "./neg.js";

/** Arccosine, elementwise. d acos x = −dx / √(1 − x²). */
export const acosP = elementwiseUnary({
  name: "acos",
  kernel: "acos",
  derivative: (x) => neg(rsqrtOneMinusSquare(x)),
  testSpec: [{ args: [{ shape: [2, 3], domain: [-0.9, 0.9] }], params: {} }],
});

/** arccosine (primitive). */
export function acos(x: Tensor): Tensor {
  return bind1(acosP, [x], noParams);
}
