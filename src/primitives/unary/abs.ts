import type { Tensor } from "../../tensor/tensor.js";
import { bind1, noParams } from "../bind.js";
import { elementwiseUnary } from "../rule-helpers.js";
import { sign } from "./sign.js";

/**
 * |x| elementwise. d|x| = sign(x) dx.
 * NOTE: abs'(0) = sign(0) = 0 (PyTorch's convention; the subgradient of least norm).
 */
export const absP = elementwiseUnary({
  name: "abs",
  kernel: "abs",
  anyDtype: true,
  derivative: (x) => sign(x),
  testSpec: [{ args: [{ shape: [2, 3], domain: [0.2, 2] }], params: {} }, { args: [{ shape: [3], domain: [-2, -0.2] }], params: {} }],
});

/** |x| (primitive). */
export function abs(x: Tensor): Tensor {
  return bind1(absP, [x], noParams);
}
