import { coerceScalar } from "../core/dtype.js";
import { AutogradError, ShapeError } from "../core/errors.js";
import { broadcastShapes, shapesEqual, showShape } from "../core/shape.js";
import type { GradHook, GradNode } from "../interpreters/reverse.js";
import { broadcastTo } from "../primitives/movement/broadcast-to.js";
import { stopGradient } from "../primitives/other/stop-gradient.js";
import { allocArray, type TypedArray } from "../core/dtype.js";
import { fromData } from "../tensor/creation.js";
import { Tensor } from "../tensor/tensor.js";
import { noGrad } from "./grad-mode.js";
import { batchedByVmap } from "./batched-by-vmap.js";
import { checkTensor, toTensor, type TensorLike } from "../ops/tensor-like.js";
import { checkFunction } from "../core/validate.js";

/**
 * A tensor with the same values that is cut from the graph (no `requiresGrad`, no node); inside a
 * transform it is `stopGradient`.
 * NOTE: a number gives a scalar tensor (as JAX's `stop_gradient(5)`); anything else is an ArgumentError.
 *
 * @example
 * const target = prediction.detach();
 */
export function detach(x: TensorLike): Tensor {
  if (!(x instanceof Tensor)) return toTensor(x, undefined, "detach");
  if (x._owner !== null) return stopGradient(x);
  return fromData(x._data!, x.shape, x.dtype);
}

/**
 * Replaces the values of `x` in place (used by optimizers) and bumps its version counter, so a
 * backward that needs the old values raises instead of returning a wrong gradient.
 *
 * @example
 * noGrad(() => w.assign(sub(w, mul(w.grad!, 0.1))));
 */
export function assign(x: Tensor, value: TensorLike): Tensor {
  checkTensor(x, "assign", "x");
  if (x._owner !== null && batchedByVmap(x))
    throw new AutogradError(
      "assign(): x is batched by vmap (it holds one value per example) and cannot be updated in place; " +
        "return the new value from the function instead (vmap stacks it), selecting per example with where(cond, value, x) if needed",
    );
  if (x._owner !== null) throw new AutogradError(`assign(): cannot update a ${x._owner.name} tracer in place; transforms are functional`);
  if (x._node !== null)
    throw new AutogradError(
      `assign(): x was computed by '${(x._node as GradNode).prim.name}' and is part of a graph; only leaves can be updated in place (detach() it first)`,
    );
  const v = noGrad(() => toTensor(value, x, "assign", "value"));
  if (v._owner !== null && batchedByVmap(v))
    throw new AutogradError(
      "assign(): the new value is batched by vmap (one value per example), but x is one tensor shared by every example, so writing it in place " +
        "would keep a single example's value; return the new value from the function instead (vmap stacks it), or pass the state as a " +
        "batched argument (for a module's parameters: functionalCall(module, params, ...inputs) inside vmap)",
    );
  if (v._owner !== null) throw new AutogradError("assign(): the new value must be concrete, not a transform tracer");
  if (!shapesEqual(broadcastShapes(v.shape, x.shape, "assign"), x.shape))
    throw new ShapeError(`assign(): value of shape ${showShape(v.shape)} does not fit x of shape ${showShape(x.shape)}`);
  const src = noGrad(() => broadcastTo(v, x.shape))._data!;
  let data: TypedArray;
  if (v.dtype === x.dtype) data = src.slice(); // same dtype: a plain copy (values already of the dtype)
  else {
    data = allocArray(x.dtype, src.length);
    for (let i = 0; i < src.length; i++) data[i] = coerceScalar(src[i]!, x.dtype, "assign");
  }
  x._data = data;
  x._version++;
  return x;
}

/** Sets `.grad` to null (PyTorch's default `set_to_none`). */
export function zeroGrad(x: Tensor): void {
  checkTensor(x, "zeroGrad", "x");
  x.grad = null;
}

/**
 * Registers `hook(grad)` on `x`: it runs when the gradient with respect to `x` is computed during
 * `backward()` and may return a replacement. Returns a function that removes it.
 *
 * @example
 * w.registerHook((g) => g.mul(0.5)); // halve w's gradient
 */
export function registerHook(x: Tensor, hook: GradHook): () => void {
  checkTensor(x, "registerHook", "x");
  checkFunction(hook, "registerHook", "hook");
  if (!x.requiresGrad) throw new AutogradError("registerHook(): the tensor does not require grad, so no gradient will flow to it");
  let list: GradHook[];
  if (x._node === null) list = x._hooks ??= [];
  else {
    const node = x._node as GradNode;
    node.hooks ??= new Map();
    list = node.hooks.get(x._outputIndex) ?? [];
    node.hooks.set(x._outputIndex, list);
  }
  list.push(hook);
  return () => {
    const i = list.indexOf(hook);
    if (i >= 0) list.splice(i, 1);
  };
}
