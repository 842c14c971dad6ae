import type { Tensor } from "../../tensor/tensor.js";
import { bind1, noParams } from "../bind.js";
import { elementwiseUnary } from "../rule-helpers.js";
import { neg } from "./neg.js";
import { sin } from "./sin.js";

/** Cosine, elementwise. d cos x = −sin x dx. */
export const cosP = elementwiseUnary({
  name: "cos",
  kernel: "cos",
  derivative: (x) => neg(sin(x)),
  testSpec: [{ args: [{ shape: [2, 3] }], params: {} }],
});

/** cosine (primitive). */
export function cos(x: Tensor): Tensor {
  return bind1(cosP, [x], noParams);
}
