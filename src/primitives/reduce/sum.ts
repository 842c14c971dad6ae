import { reducedShape } from "../../core/shape.js";
import { getBackend } from "../../backend/backend.js";
import { fromData } from "../../tensor/creation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { bind1 } from "../bind.js";
import { broadcastTo } from "../movement/broadcast-to.js";
import { reshape } from "../movement/reshape.js";
import type { Primitive } from "../primitive.js";
import { batchShiftAxes } from "../batching.js";

/** Params of reductions: the reduced axes, sorted and non-negative. */
export interface ReduceParams {
  readonly axes: readonly number[];
}

/** Sum over `axes` (dropped from the shape). Linear: its transpose broadcasts the cotangent back. */
export const sumP: Primitive<ReduceParams> = {
  name: "sum",
  differentiable: true,
  vmap: batchShiftAxes,
  shape: ([x], { axes }) => [{ shape: reducedShape(x!.shape, axes, false), dtype: x!.dtype === "bool" ? "int32" : x!.dtype }],
  impl: ([x], { axes }, [out]) => [fromData(getBackend().reduce("sum", x!._data!, x!.shape, axes), out!.shape, out!.dtype)],
  jvp: ([x], [t], { axes }) => [[sum(x!, axes)], [sum(t!, axes)]],
  vjp: ([x], _y, [ct], { axes }) => [broadcastTo(reshape(ct!, reducedShape(x!.shape, axes, true)), x!.shape)],
  testSpec: [
    { args: [{ shape: [2, 3, 4] }], params: { axes: [1] } },
    { args: [{ shape: [2, 3] }], params: { axes: [0, 1] } },
  ],
};

/** Sum over `axes` (sorted, non-negative; primitive). */
export function sum(x: Tensor, axes: readonly number[]): Tensor {
  return bind1(sumP, [x], { axes });
}
