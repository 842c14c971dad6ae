import type { Tensor } from "../../tensor/tensor.js";
import { bind1, noParams } from "../bind.js";
import { comparison } from "../rule-helpers.js";

/** `greaterEqual` elementwise with broadcasting; a bool result with no derivative. */
export const greaterEqualP = comparison("greaterEqual", "greaterEqual");

/** `greaterEqual(a, b)` (primitive; operands of equal dtype). */
export function greaterEqual(a: Tensor, b: Tensor): Tensor {
  return bind1(greaterEqualP, [a, b], noParams);
}
