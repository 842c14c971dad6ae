import type { Tensor } from "../../tensor/tensor.js";
import { bind1, noParams } from "../bind.js";
import { constant, elementwiseBinary } from "../rule-helpers.js";
import { neg } from "../unary/neg.js";

/** a / b elementwise. ∂/∂a = 1/b, ∂/∂b = −a/b² = −y/b. */
export const divP = elementwiseBinary({
  name: "div",
  kernel: "div",
  partials: (_a, b, y) => [div(constant(1, b), b), neg(div(y, b))],
  testSpec: [{ args: [{ shape: [2, 3] }, { shape: [3], domain: [0.5, 2] }], params: {} }],
});

/** a / b (primitive). */
export function div(a: Tensor, b: Tensor): Tensor {
  return bind1(divP, [a, b], noParams);
}
