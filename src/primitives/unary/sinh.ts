import type { Tensor } from "../../tensor/tensor.js";
import { bind1, noParams } from "../bind.js";
import { cosh } from "./cosh.js";
import { elementwiseUnary } from "../rule-helpers.js";

/** Hyperbolic sine, elementwise. d sinh x = cosh x dx. */
export const sinhP = elementwiseUnary({
  name: "sinh",
  kernel: "sinh",
  derivative: (x) => cosh(x),
  testSpec: [{ args: [{ shape: [2, 3] }], params: {} }],
});

/** hyperbolic sine (primitive). */
export function sinh(x: Tensor): Tensor {
  return bind1(sinhP, [x], noParams);
}
