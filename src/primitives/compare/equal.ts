import type { Tensor } from "../../tensor/tensor.js";
import { bind1, noParams } from "../bind.js";
import { comparison } from "../rule-helpers.js";

/** `equal` elementwise with broadcasting; a bool result with no derivative. */
export const equalP = comparison("equal", "equal");

/** `equal(a, b)` (primitive; operands of equal dtype). */
export function equal(a: Tensor, b: Tensor): Tensor {
  return bind1(equalP, [a, b], noParams);
}
