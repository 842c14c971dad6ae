import type { Tensor } from "../../tensor/tensor.js";
import { bind1, noParams } from "../bind.js";
import { elementwiseUnary } from "../rule-helpers.js";
import { polygamma } from "./polygamma.js";

/** The digamma function ψ(x) = d ln Γ(x)/dx, elementwise. dψ(x) = ψ⁽¹⁾(x) dx. */
export const digammaP = elementwiseUnary({
  name: "digamma",
  kernel: "digamma",
  derivative: (x) => polygamma(1, x),
  testSpec: [
    { args: [{ shape: [2, 3], domain: [0.5, 4] }], params: {} },
    { args: [{ shape: [3], domain: [-0.9, -0.1] }], params: {} },
  ],
});

/** The digamma function (primitive). */
export function digamma(x: Tensor): Tensor {
  return bind1(digammaP, [x], noParams);
}
