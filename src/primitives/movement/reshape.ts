import { resolveReshape, shapesEqual, sizeOf } from "../../core/shape.js";
import { fromData } from "../../tensor/creation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { bind1 } from "../bind.js";
import type { Primitive } from "../primitive.js";


/** Params of `reshape` and `broadcastTo`: the target shape. */
export interface ShapeParams {
  readonly shape: readonly number[];
}

/** Reinterprets the elements in a new shape (no copy). Linear; its transpose reshapes back. */
export const reshapeP: Primitive<ShapeParams> = {
  name: "reshape",
  differentiable: true,
  shape: ([x], { shape }) => [{ shape: resolveReshape(shape, sizeOf(x!.shape), x!.shape), dtype: x!.dtype }],
  impl: ([x], _p, [out]) => [fromData(x!._data!, out!.shape, x!.dtype)],
  jvp: ([x], [t], { shape }) => [[reshape(x!, shape)], [reshape(t!, shape)]],
  vjp: ([x], _y, [ct]) => [reshape(ct!, x!.shape)],
  vmap: ([x], _b, { shape }, n) => [[reshape(x!, [n, ...shape])], [true]],
  testSpec: [{ args: [{ shape: [2, 3] }], params: { shape: [3, 2] } }],
};

/** Reshape (primitive; at most one -1). */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  return shapesEqual(x.shape, shape) ? x : bind1(reshapeP, [x], { shape });
}
