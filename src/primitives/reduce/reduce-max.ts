import { reducedShape } from "../../core/shape.js";
import { getBackend } from "../../backend/backend.js";
import { fromData } from "../../tensor/creation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { bind1 } from "../bind.js";
import { div } from "../binary/div.js";
import { mul } from "../binary/mul.js";
import { equal } from "../compare/equal.js";
import { reshape } from "../movement/reshape.js";
import { cast } from "../other/cast.js";
import type { Primitive } from "../primitive.js";
import type { ReduceParams } from "./sum.js";
import { sum } from "./sum.js";
import { batchShiftAxes } from "../batching.js";

/**
 * The weights w with Σ w = 1 over each reduced slice, spread over the positions of the maximum.
 * NOTE: ties share the derivative evenly (max of [1, 1, 0] has gradient [½, ½, 0]), as in PyTorch.
 */
function argmaxWeights(x: Tensor, y: Tensor, axes: readonly number[]): Tensor {
  const keep = reducedShape(x.shape, axes, true);
  const mask = cast(equal(x, reshape(y, keep)), x.dtype);
  return div(mask, reshape(sum(mask, axes), keep));
}

/** Maximum over `axes` (NaN propagates). d max = Σ w ⊙ dx with `argmaxWeights`. */
export const reduceMaxP: Primitive<ReduceParams> = {
  name: "reduceMax",
  differentiable: true,
  vmap: batchShiftAxes,
  shape: ([x], { axes }) => [{ shape: reducedShape(x!.shape, axes, false), dtype: x!.dtype }],
  impl: ([x], { axes }, [out]) => [fromData(getBackend().reduce("max", x!._data!, x!.shape, axes), out!.shape, out!.dtype)],
  jvp([x], [t], { axes }) {
    const y = reduceMax(x!, axes);
    return [[y], [sum(mul(t!, argmaxWeights(x!, y, axes)), axes)]];
  },
  vjp: ([x], [y], [ct], { axes }) => [mul(argmaxWeights(x!, y!, axes), reshape(ct!, reducedShape(x!.shape, axes, true)))],
  testSpec: [
    { args: [{ shape: [3, 4] }], params: { axes: [1] } },
    { args: [{ shape: [2, 3] }], params: { axes: [0, 1] } },
  ],
};

/** Maximum over `axes` (primitive). */
export function reduceMax(x: Tensor, axes: readonly number[]): Tensor {
  return bind1(reduceMaxP, [x], { axes });
}
