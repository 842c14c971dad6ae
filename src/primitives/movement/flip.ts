import { getBackend } from "../../backend/backend.js";
import { fromData } from "../../tensor/creation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { bind1 } from "../bind.js";
import type { Primitive } from "../primitive.js";
import type { ReduceParams } from "../reduce/sum.js";
import { batchShiftAxes } from "../batching.js";

/** Reverses the order along `axes`. Linear and its own transpose. */
export const flipP: Primitive<ReduceParams> = {
  name: "flip",
  differentiable: true,
  vmap: batchShiftAxes,
  shape: ([x]) => [x!],
  impl: ([x], { axes }) => [fromData(getBackend().flip(x!._data!, x!.shape, axes), x!.shape, x!.dtype)],
  jvp: ([x], [t], { axes }) => [[flip(x!, axes)], [flip(t!, axes)]],
  vjp: (_x, _y, [ct], { axes }) => [flip(ct!, axes)],
  testSpec: [{ args: [{ shape: [3, 4] }], params: { axes: [1] } }],
};

/** Reverse `x` along `axes` (primitive). */
export function flip(x: Tensor, axes: readonly number[]): Tensor {
  return bind1(flipP, [x], { axes });
}
