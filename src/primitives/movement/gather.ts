import { DTypeError } from "../../core/errors.js";
import { getBackend } from "../../backend/backend.js";
import { fromData } from "../../tensor/creation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { bind1 } from "../bind.js";
import type { Primitive } from "../primitive.js";
import type { ArgReduceParams } from "../reduce/arg-reduce.js";
import { scatterAdd } from "./scatter-add.js";

/** Checks that every index is in [0, n). */
export function checkIndices(op: string, indices: Tensor, n: number): Int32Array {
  const idx = indices._data as Int32Array;
  for (let i = 0; i < idx.length; i++)
    if (!(idx[i]! >= 0 && idx[i]! < n)) throw new RangeError(`${op}: index ${idx[i]} at position ${i} is out of range for an axis of size ${n}`);
  return idx;
}

/**
 * Selects entries along an axis: out[..., j..., ...] = x[..., indices[j...], ...]. Linear in x; its
 * transpose scatters the cotangent back (repeated indices accumulate). Indices have no derivative.
 */
export const gatherP: Primitive<ArgReduceParams> = {
  name: "gather",
  differentiable: true,
  shape([x, idx], { axis }) {
    if (idx!.dtype !== "int32") throw new DTypeError(`gather: indices must be int32, got ${idx!.dtype}`);
    return [{ shape: [...x!.shape.slice(0, axis), ...idx!.shape, ...x!.shape.slice(axis + 1)], dtype: x!.dtype }];
  },
  impl([x, idx], { axis }, [out]) {
    const i = checkIndices("gather", idx!, x!.shape[axis]!);
    return [fromData(getBackend().gather(x!._data!, x!.shape, i, idx!.shape, axis), out!.shape, out!.dtype)];
  },
  jvp: ([x, idx], [t], { axis }) => [[gather(x!, idx!, axis)], [gather(t!, idx!, axis)]],
  vjp: ([x, idx], _y, [ct], { axis }) => [scatterAdd(ct!, idx!, axis, x!.shape), null],
  testSpec: [{ args: [{ shape: [4, 3] }, { shape: [5], dtype: "int32", intHigh: 4 }], params: { axis: 0 } }],
};

/** Gather along `axis` (primitive). */
export function gather(x: Tensor, indices: Tensor, axis: number): Tensor {
  return bind1(gatherP, [x, indices], { axis });
}
