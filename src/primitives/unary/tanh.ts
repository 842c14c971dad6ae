import type { Tensor } from "../../tensor/tensor.js";
import { bind1, noParams } from "../bind.js";
import { constant, elementwiseUnary } from "../rule-helpers.js";
import { mul } from "../binary/mul.js";
import { sub } from "../binary/sub.js";

/** Hyperbolic tangent, elementwise. d tanh x = (1 − tanh² x) dx (reuses the output). */
export const tanhP = elementwiseUnary({
  name: "tanh",
  kernel: "tanh",
  derivative: (x, y) => sub(constant(1, x), mul(y, y)),
  testSpec: [{ args: [{ shape: [2, 3] }], params: {} }],
});

/** hyperbolic tangent (primitive). */
export function tanh(x: Tensor): Tensor {
  return bind1(tanhP, [x], noParams);
}
