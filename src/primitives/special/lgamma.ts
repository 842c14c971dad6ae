import type { Tensor } from "../../tensor/tensor.js";
import { bind1, noParams } from "../bind.js";
import { elementwiseUnary } from "../rule-helpers.js";
import { digamma } from "./digamma.js";

/** ln |Γ(x)|, elementwise (+∞ at the poles 0, −1, −2, …). d ln Γ(x) = ψ(x) dx. */
export const lgammaP = elementwiseUnary({
  name: "lgamma",
  kernel: "lgamma",
  derivative: (x) => digamma(x),
  testSpec: [
    { args: [{ shape: [2, 3], domain: [0.5, 4] }], params: {} },
    { args: [{ shape: [3], domain: [-0.9, -0.1] }], params: {} },
  ],
});

/** ln |Γ(x)| (primitive). */
export function lgamma(x: Tensor): Tensor {
  return bind1(lgammaP, [x], noParams);
}
