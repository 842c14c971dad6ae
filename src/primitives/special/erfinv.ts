import type { Tensor } from "../../tensor/tensor.js";
import { bind1, noParams } from "../bind.js";
import { constant, elementwiseUnary } from "../rule-helpers.js";
import { mul } from "../binary/mul.js";
import { exp } from "../unary/exp.js";

/** The inverse error function, elementwise (±∞ at ±1, NaN outside [−1, 1]). d erfinv y = (√π/2) e^{erfinv(y)²} dy. */
export const erfinvP = elementwiseUnary({
  name: "erfinv",
  kernel: "erfinv",
  derivative: (_x, y) => mul(constant(Math.sqrt(Math.PI) / 2, y), exp(mul(y, y))),
  testSpec: [{ args: [{ shape: [2, 3], domain: [-0.8, 0.8] }], params: {} }],
});

/** The inverse error function (primitive). */
export function erfinv(x: Tensor): Tensor {
  return bind1(erfinvP, [x], noParams);
}
