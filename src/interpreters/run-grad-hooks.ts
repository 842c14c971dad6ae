import { AutogradError, DTypeError, ShapeError } from "../core/errors.js";
import { shapesEqual, showShape } from "../core/shape.js";
import { describeValue } from "../core/validate.js";
import { Tensor } from "../tensor/tensor.js";
import type { GradHook } from "./reverse.js";

/**
 * Runs gradient hooks on `grad` in order and returns the gradient they leave.
 * NOTE: a hook returns undefined to keep the gradient, or a Tensor of the gradient's shape and dtype
 * to replace it (PyTorch's rule); anything else raises an error naming the hook and both shapes,
 * instead of becoming `.grad`.
 */
export function runGradHooks(hooks: readonly GradHook[], grad: Tensor): Tensor {
  let g = grad;
  for (const hook of hooks) {
    const r: unknown = hook(g);
    if (r === undefined) continue;
    const name = `registerHook: the hook ${hook.name ? `'${hook.name}'` : "(anonymous)"}`;
    if (!(r instanceof Tensor))
      throw new AutogradError(`${name} must return undefined or a Tensor of shape ${showShape(g.shape)}, got ${describeValue(r)}`);
    if (!shapesEqual(r.shape, g.shape))
      throw new ShapeError(`${name} returned a tensor of shape ${showShape(r.shape)} for a gradient of shape ${showShape(g.shape)}`);
    if (r.dtype !== g.dtype)
      throw new DTypeError(`${name} returned a ${r.dtype} tensor for a ${g.dtype} gradient of shape ${showShape(g.shape)}`);
    g = r;
  }
  return g;
}
