import { DTypeError } from "../../core/errors.js";
import { getBackend } from "../../backend/backend.js";
import { fromData } from "../../tensor/creation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { bind1 } from "../bind.js";
import type { Primitive } from "../primitive.js";
import { checkIndices, gather } from "./gather.js";
import { laneOffsets, materializeBatch, moveAxis } from "../batching.js";
import { add } from "../binary/add.js";
import { reshape } from "./reshape.js";

/** Params of `scatterAdd`: the axis and the shape of the result. */
export interface ScatterAddParams {
  readonly axis: number;
  readonly shape: readonly number[];
}

/** Adds slices of `updates` into zeros of `shape` at `indices` along `axis`. Linear; its transpose is `gather`. */
export const scatterAddP: Primitive<ScatterAddParams> = {
  name: "scatterAdd",
  differentiable: true,
  shape([u, idx], { shape }) {
    if (idx!.dtype !== "int32") throw new DTypeError(`scatterAdd: indices must be int32, got ${idx!.dtype}`);
    return [{ shape: shape.slice(), dtype: u!.dtype }];
  },
  impl([u, idx], { axis, shape }, [out]) {
    const i = checkIndices("scatterAdd", idx!, shape[axis]!);
    return [fromData(getBackend().scatterAdd(u!._data!, i, idx!.shape, axis, shape), out!.shape, out!.dtype)];
  },
  jvp: ([u, idx], [t], p) => [[scatterAdd(u!, idx!, p.axis, p.shape)], [scatterAdd(t!, idx!, p.axis, p.shape)]],
  vjp: ([, idx], _y, [ct], { axis }) => [gather(ct!, idx!, axis), null],
  vmap([u, idx], [bu, bi], { axis, shape }, n) {
    if (!bi) return [[scatterAdd(u!, idx!, axis + 1, [n, ...shape])], [true]];
    // Batched indices: fold the batch into the target axis (lane b's slot j at b·len + j), as in gather.
    const len = shape[axis]!;
    if (idx!._data !== null) checkIndices("scatterAdd", idx!, len);
    const updates = moveAxis(bu ? u! : materializeBatch(u!, n), 0, axis);
    const summed = scatterAdd(updates, add(idx!, laneOffsets(n, len, idx!.ndim)), axis, [...shape.slice(0, axis), n * len, ...shape.slice(axis + 1)]);
    return [[moveAxis(reshape(summed, [...shape.slice(0, axis), n, len, ...shape.slice(axis + 1)]), axis, 0)], [true]];
  },
  testSpec: [{ args: [{ shape: [5, 3] }, { shape: [5], dtype: "int32", intHigh: 4 }], params: { axis: 0, shape: [4, 3] } }],
};

/** Scatter-add along `axis` into a tensor of `shape` (primitive). */
export function scatterAdd(updates: Tensor, indices: Tensor, axis: number, shape: readonly number[]): Tensor {
  return bind1(scatterAddP, [updates, indices], { axis, shape });
}
