import { broadcastShapes, shapesEqual, showShape } from "../../core/shape.js";
import { getBackend } from "../../backend/backend.js";
import { fromData } from "../../tensor/creation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { bind1 } from "../bind.js";
import type { Primitive } from "../primitive.js";
import { shapeError } from "../rule-helpers.js";
import { unbroadcast } from "../unbroadcast.js";
import type { ShapeParams } from "./reshape.js";
import { insertAfterBatch } from "../batching.js";

/** Broadcasts to a larger shape (numpy rules). Linear; its transpose sums over the broadcast axes. */
export const broadcastToP: Primitive<ShapeParams> = {
  name: "broadcastTo",
  differentiable: true,
  shape([x], { shape }) {
    const out = broadcastShapes(x!.shape, shape, "broadcastTo");
    if (!shapesEqual(out, shape)) throw shapeError("broadcastTo", `cannot broadcast ${showShape(x!.shape)} to ${showShape(shape)}`);
    return [{ shape: out, dtype: x!.dtype }];
  },
  impl: ([x], { shape }, [out]) => [fromData(getBackend().broadcastTo(x!._data!, x!.shape, shape), shape, out!.dtype)],
  jvp: ([x], [t], { shape }) => [[broadcastTo(x!, shape)], [broadcastTo(t!, shape)]],
  vjp: ([x], _y, [ct]) => [unbroadcast(ct!, x!.shape)],
  vmap: ([x], _b, { shape }, n) => [[broadcastTo(insertAfterBatch(x!, shape.length - (x!.ndim - 1)), [n, ...shape])], [true]],
  testSpec: [
    { args: [{ shape: [3, 1] }], params: { shape: [2, 3, 4] } },
    { args: [{ shape: [] }], params: { shape: [2] } },
  ],
};

/** Broadcast `x` to `shape` (primitive). */
export function broadcastTo(x: Tensor, shape: readonly number[]): Tensor {
  return shapesEqual(x.shape, shape) ? x : bind1(broadcastToP, [x], { shape });
}
