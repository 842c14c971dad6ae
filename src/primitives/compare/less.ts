import type { Tensor } from "../../tensor/tensor.js";
import { bind1, noParams } from "../bind.js";
import { comparison } from "../rule-helpers.js";

/** `less` elementwise with broadcasting; a bool result with no derivative. */
export const lessP = comparison("less", "less");

/** `less(a, b)` (primitive; operands of equal dtype). */
export function less(a: Tensor, b: Tensor): Tensor {
  return bind1(lessP, [a, b], noParams);
}
