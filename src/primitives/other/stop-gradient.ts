import { argumentError } from "../../core/validate.js";
import { fromData, full } from "../../tensor/creation.js";
import { Tensor } from "../../tensor/tensor.js";
import { bind1, noParams } from "../bind.js";
import type { Primitive } from "../primitive.js";
import { batchElementwise } from "../batching.js";

/** The identity with a zero derivative: values pass, tangents and cotangents stop. */
export const stopGradientP: Primitive = {
  name: "stopGradient",
  differentiable: false,
  vmap: batchElementwise,
  shape: ([x]) => [x!],
  impl: ([x]) => [fromData(x!._data!, x!.shape, x!.dtype)],
  jvp: () => {
    throw new Error("stopGradient has no derivative");
  },
  vjp: () => {
    throw new Error("stopGradient has no derivative");
  },
  testSpec: [{ args: [{ shape: [3] }], params: {} }],
};

/**
 * Treats `x` as a constant for differentiation (JAX's `stop_gradient`, PyTorch's `detach`).
 * NOTE: a number gives a float32 scalar, as JAX's `stop_gradient(5)` gives an array; anything but a
 * tensor or a number is an ArgumentError.
 *
 * @example
 * grad((x) => mul(x, stopGradient(x)))(3); // 3, not 6
 */
export function stopGradient(x: Tensor | number): Tensor {
  if (!(x instanceof Tensor)) {
    if (typeof x !== "number") throw argumentError("stopGradient", "x", "a tensor or a number", x);
    return full([], x);
  }
  return bind1(stopGradientP, [x], noParams);
}
