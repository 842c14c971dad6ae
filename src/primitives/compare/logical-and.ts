import type { Tensor } from "../../tensor/tensor.js";
import { bind1, noParams } from "../bind.js";
import { comparison } from "../rule-helpers.js";

/** `logicalAnd` elementwise with broadcasting; a bool result with no derivative. */
export const logicalAndP = comparison("logicalAnd", "logicalAnd", { boolOnly: true });

/** `logicalAnd(a, b)` (primitive; operands of equal dtype). */
export function logicalAnd(a: Tensor, b: Tensor): Tensor {
  return bind1(logicalAndP, [a, b], noParams);
}
