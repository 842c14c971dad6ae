import type { Tensor } from "../../tensor/tensor.js";
import { bind1, noParams } from "../bind.js";
import { comparison } from "../rule-helpers.js";

/** `lessEqual` elementwise with broadcasting; a bool result with no derivative. */
export const lessEqualP = comparison("lessEqual", "lessEqual");

/** `lessEqual(a, b)` (primitive; operands of equal dtype). */
export function lessEqual(a: Tensor, b: Tensor): Tensor {
  return bind1(lessEqualP, [a, b], noParams);
}
