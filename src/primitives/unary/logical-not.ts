import type { Tensor } from "../../tensor/tensor.js";
import { bind1, noParams } from "../bind.js";
import { elementwiseUnary } from "../rule-helpers.js";

/** Logical not of a bool tensor, elementwise. Piecewise constant: zero derivative. */
export const logicalNotP = elementwiseUnary({
  name: "logicalNot",
  kernel: "logicalNot",
  anyDtype: true, outDtype: "bool",
  testSpec: [{ args: [{ shape: [2, 3], dtype: "bool" }], params: {} }],
});

/** logical not of a bool tensor (primitive). */
export function logicalNot(x: Tensor): Tensor {
  return bind1(logicalNotP, [x], noParams);
}
