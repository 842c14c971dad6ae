import type { Tensor } from "../../tensor/tensor.js";
import { add } from "../binary/add.js";
import { bind1, noParams } from "../bind.js";
import { constant, elementwiseUnary } from "../rule-helpers.js";
import { mul } from "../binary/mul.js";

/** Tangent, elementwise. d tan x = (1 + tan² x) dx. */
export const tanP = elementwiseUnary({
  name: "tan",
  kernel: "tan",
  derivative: (x, y) => add(constant(1, x), mul(y, y)),
  testSpec: [{ args: [{ shape: [2, 3], domain: [-1.2, 1.2] }], params: {} }],
});

/** tangent (primitive). */
export function tan(x: Tensor): Tensor {
  return bind1(tanP, [x], noParams);
}
