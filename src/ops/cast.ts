import { checkDType, type DType } from "../core/dtype.js";
import { cast as castPrim } from "../primitives/other/cast.js";
import type { Tensor } from "../tensor/tensor.js";
import { toTensor, type TensorLike } from "./tensor-like.js";

/**
 * Converts the element type (a no-op when it matches). Between float dtypes the derivative passes
 * through; to or from int32/bool there is none.
 *
 * @example
 * cast(tensor([1.7, -1.7]), "int32"); // [1, -1]
 */
export function cast(x: TensorLike, dtype: DType): Tensor {
  return castPrim(toTensor(x, undefined, "cast"), checkDType(dtype, "cast"));
}
