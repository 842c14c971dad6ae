import { ShapeError } from "../../core/errors.js";
import { reducedShape, showShape } from "../../core/shape.js";
import { getBackend } from "../../backend/backend.js";
import { fromData } from "../../tensor/creation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { bind1 } from "../bind.js";
import type { Primitive } from "../primitive.js";
import { batchShiftAxis } from "../batching.js";

/** Params of `argmax`/`argmin`. */
export interface ArgReduceParams {
  readonly axis: number;
}

function argReducePrimitive(name: "argmax" | "argmin"): Primitive<ArgReduceParams> {
  return {
    name,
    differentiable: false,
    vmap: batchShiftAxis,
    // NOTE: an empty axis has no maximum to point at (NumPy and PyTorch raise too); the shape rule
    // raises, so eager calls, traces and compile all see it.
    shape: ([x], { axis }) => {
      if (x!.shape[axis] === 0)
        throw new ShapeError(`${name}: cannot take the ${name} of an empty axis (axis ${axis} of shape ${showShape(x!.shape)} has length 0)`);
      return [{ shape: reducedShape(x!.shape, [axis], false), dtype: "int32" }];
    },
    impl: ([x], { axis }, [out]) => [fromData(getBackend().argReduce(name, x!._data!, x!.shape, axis), out!.shape, "int32")],
    jvp: () => {
      throw new Error(`${name} has no derivative`);
    },
    vjp: () => {
      throw new Error(`${name} has no derivative`);
    },
    testSpec: [{ args: [{ shape: [3, 4] }], params: { axis: 1 } }],
  };
}

/** Index of the maximum along an axis (int32, first on ties; no derivative). */
export const argmaxP = argReducePrimitive("argmax");
/** Index of the minimum along an axis (int32, first on ties; no derivative). */
export const argminP = argReducePrimitive("argmin");

/** argmax along `axis` (non-negative; primitive). */
export function argmax(x: Tensor, axis: number): Tensor {
  return bind1(argmaxP, [x], { axis });
}

/** argmin along `axis` (non-negative; primitive). */
export function argmin(x: Tensor, axis: number): Tensor {
  return bind1(argminP, [x], { axis });
}
