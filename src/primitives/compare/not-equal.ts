import type { Tensor } from "../../tensor/tensor.js";
import { bind1, noParams } from "../bind.js";
import { comparison } from "../rule-helpers.js";

/** `notEqual` elementwise with broadcasting; a bool result with no derivative. */
export const notEqualP = comparison("notEqual", "notEqual");

/** `notEqual(a, b)` (primitive; operands of equal dtype). */
export function notEqual(a: Tensor, b: Tensor): Tensor {
  return bind1(notEqualP, [a, b], noParams);
}
