import type { Tensor } from "../../tensor/tensor.js";
import { bind1, noParams } from "../bind.js";
import { elementwiseUnary } from "../rule-helpers.js";
import { sinh } from "./sinh.js";

/** Hyperbolic cosine, elementwise. d cosh x = sinh x dx. */
export const coshP = elementwiseUnary({
  name: "cosh",
  kernel: "cosh",
  derivative: (x) => sinh(x),
  testSpec: [{ args: [{ shape: [2, 3] }], params: {} }],
});

/** hyperbolic cosine (primitive). */
export function cosh(x: Tensor): Tensor {
  return bind1(coshP, [x], noParams);
}
