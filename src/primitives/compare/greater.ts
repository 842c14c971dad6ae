import type { Tensor } from "../../tensor/tensor.js";
import { bind1, noParams } from "../bind.js";
import { comparison } from "../rule-helpers.js";

/** `greater` elementwise with broadcasting; a bool result with no derivative. */
export const greaterP = comparison("greater", "greater");

/** `greater(a, b)` (primitive; operands of equal dtype). */
export function greater(a: Tensor, b: Tensor): Tensor {
  return bind1(greaterP, [a, b], noParams);
}
