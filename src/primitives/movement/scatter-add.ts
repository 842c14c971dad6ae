import { DTypeError } from "../../core/errors.js";
import { getBackend } from "../../backend/backend.js";
import { fromData } from "../../tensor/creation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { bind1 } from "../bind.js";
import type { Primitive } from "../primitive.js";
import { checkIndices, gather } from "./gather.js";

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
  testSpec: [{ args: [{ shape: [5, 3] }, { shape: [5], dtype: "int32", intHigh: 4 }], params: { axis: 0, shape: [4, 3] } }],
};

/** Scatter-add along `axis` into a tensor of `shape` (primitive). */
export function scatterAdd(updates: Tensor, indices: Tensor, axis: number, shape: readonly number[]): Tensor {
  return bind1(scatterAddP, [updates, indices], { axis, shape });
}
