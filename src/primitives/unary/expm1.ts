import type { Tensor } from "../../tensor/tensor.js";
import { add } from "../binary/add.js";
import { bind1, noParams } from "../bind.js";
import { constant, elementwiseUnary } from "../rule-helpers.js";

/** Eˣ − 1, accurate near 0, elementwise. d(eˣ − 1) = eˣ dx = (y + 1) dx. */
export const expm1P = elementwiseUnary({
  name: "expm1",
  kernel: "expm1",
  derivative: (x, y) => add(y, constant(1, x)),
  testSpec: [{ args: [{ shape: [2, 3] }], params: {} }],
});

/** eˣ − 1, accurate near 0 (primitive). */
export function expm1(x: Tensor): Tensor {
  return bind1(expm1P, [x], noParams);
}
