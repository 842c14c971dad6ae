import type { Tensor } from "../../tensor/tensor.js";
import { bind1, noParams } from "../bind.js";
import { div } from "../binary/div.js";
import { mul } from "../binary/mul.js";
import { sub } from "../binary/sub.js";
import { constant, elementwiseUnary } from "../rule-helpers.js";
import { sqrt } from "./sqrt.js";

/** 1/√(1 − x²), the shared factor of the arcsine and arccosine derivatives. */
export function rsqrtOneMinusSquare(x: Tensor): Tensor {
  return div(constant(1, x), sqrt(sub(constant(1, x), mul(x, x))));
}

/** Arcsine, elementwise. d asin x = dx / √(1 − x²). */
export const asinP = elementwiseUnary({
  name: "asin",
  kernel: "asin",
  derivative: (x) => rsqrtOneMinusSquare(x),
  testSpec: [{ args: [{ shape: [2, 3], domain: [-0.9, 0.9] }], params: {} }],
});

/** arcsine (primitive). */
export function asin(x: Tensor): Tensor {
  return bind1(asinP, [x], noParams);
}
