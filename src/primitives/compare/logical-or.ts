import type { Tensor } from "../../tensor/tensor.js";
import { bind1, noParams } from "../bind.js";
import { comparison } from "../rule-helpers.js";

/** `logicalOr` elementwise with broadcasting; a bool result with no derivative. */
export const logicalOrP = comparison("logicalOr", "logicalOr", { boolOnly: true });

/** `logicalOr(a, b)` (primitive; operands of equal dtype). */
export function logicalOr(a: Tensor, b: Tensor): Tensor {
  return bind1(logicalOrP, [a, b], noParams);
}
