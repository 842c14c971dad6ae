import { isFloat, type DType } from "../../core/dtype.js";
import { getBackend } from "../../backend/backend.js";
import { fromData } from "../../tensor/creation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { bind1 } from "../bind.js";
import type { Primitive } from "../primitive.js";
import { batchElementwise } from "../batching.js";

/** Params of `cast`. */
export interface CastParams {
  readonly dtype: DType;
}

/**
 * Converts element type. Between float dtypes it is linear (the tangent is cast too); to or from
 * integers and bools it has no derivative.
 */
export const castP: Primitive<CastParams> = {
  name: "cast",
  differentiable: true,
  vmap: batchElementwise,
  shape: ([x], { dtype }) => [{ shape: x!.shape, dtype }],
  impl: ([x], { dtype }) => [fromData(getBackend().cast(x!._data!, dtype), x!.shape, dtype)],
  jvp([x], [t], { dtype }) {
    const y = cast(x!, dtype);
    return [[y], [isFloat(x!.dtype) && isFloat(dtype) ? cast(t!, dtype) : null]];
  },
  vjp: ([x], _y, [ct], { dtype }) => [isFloat(x!.dtype) && isFloat(dtype) ? cast(ct!, x!.dtype) : null],
  testSpec: [{ args: [{ shape: [2, 3] }], params: { dtype: "float32" } }],
};

/** Converts `x` to `dtype` (primitive; a no-op when it already has it). */
export function cast(x: Tensor, dtype: DType): Tensor {
  return x.dtype === dtype ? x : bind1(castP, [x], { dtype });
}
