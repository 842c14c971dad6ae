import { DTypeError } from "../../core/errors.js";
import { getBackend } from "../../backend/backend.js";
import { fromData } from "../../tensor/creation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { bind1 } from "../bind.js";
import type { Primitive } from "../primitive.js";
import type { ArgReduceParams } from "../reduce/arg-reduce.js";
import { scatterAdd } from "./scatter-add.js";
import { laneOffsets, moveAxis } from "../batching.js";
import { add } from "../binary/add.js";
import { reshape } from "./reshape.js";

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
  vmap([x, idx], [bx, bi], { axis }, n) {
    if (!bi) return [[gather(x!, idx!, axis + 1)], [true]];
    // Batched indices into a shared x: the batch lands where the gathered axis was.
    if (!bx) return [[moveAxis(gather(x!, idx!, axis), axis, 0)], [true]];
    // Both batched: fold the batch into the gathered axis (lane b's entry j at b·len + j) and offset
    // each lane's indices by b·len, so one gather serves every lane.
    const len = x!.shape[axis + 1]!;
    if (idx!._data !== null) checkIndices("gather", idx!, len);
    const folded = reshape(moveAxis(x!, 0, axis), [...x!.shape.slice(1, axis + 1), n * len, ...x!.shape.slice(axis + 2)]);
    return [[moveAxis(gather(folded, add(idx!, laneOffsets(n, len, idx!.ndim)), axis), axis, 0)], [true]];
  },
  testSpec: [{ args: [{ shape: [4, 3] }, { shape: [5], dtype: "int32", intHigh: 4 }], params: { axis: 0 } }],
};

/** Gather along `axis` (primitive). */
export function gather(x: Tensor, indices: Tensor, axis: number): Tensor {
  return bind1(gatherP, [x, indices], { axis });
}
