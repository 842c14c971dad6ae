import type { Tensor } from "../../tensor/tensor.js";
import { bind1, noParams } from "../bind.js";
import { constant, elementwiseUnary } from "../rule-helpers.js";
import { mul } from "../binary/mul.js";
import { exp } from "../unary/exp.js";
import { neg } from "../unary/neg.js";

/** The complementary error function 1 − erf(x), accurate in the tail, elementwise. d erfc x = −(2/√π) e^{−x²} dx. */
export const erfcP = elementwiseUnary({
  name: "erfc",
  kernel: "erfc",
  derivative: (x) => mul(constant(-2 / Math.sqrt(Math.PI), x), exp(neg(mul(x, x)))),
  testSpec: [{ args: [{ shape: [2, 3] }], params: {} }],
});

/** The complementary error function (primitive). */
export function erfc(x: Tensor): Tensor {
  return bind1(erfcP, [x], noParams);
}
