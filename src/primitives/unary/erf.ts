import type { Tensor } from "../../tensor/tensor.js";
import { bind1, noParams } from "../bind.js";
import { constant, elementwiseUnary } from "../rule-helpers.js";
import { exp } from "./exp.js";
import { mul } from "../binary/mul.js";
import { neg } from "./neg.js";

/** The error function, elementwise. d erf x = (2/√π) e^{−x²} dx. */
export const erfP = elementwiseUnary({
  name: "erf",
  kernel: "erf",
  derivative: (x) => mul(constant(2 / Math.sqrt(Math.PI), x), exp(neg(mul(x, x)))),
  testSpec: [{ args: [{ shape: [2, 3] }], params: {} }],
});

/** the error function (primitive). */
export function erf(x: Tensor): Tensor {
  return bind1(erfP, [x], noParams);
}
