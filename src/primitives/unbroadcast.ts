import { broadcastAxes, shapesEqual, type Shape } from "../core/shape.js";
import type { Tensor } from "../tensor/tensor.js";
import { reshape } from "./movement/reshape.js";
import { sum } from "./reduce/sum.js";

/**
 * Sums a cotangent of a broadcast result back to the shape of the input that was broadcast.
 * This is the one place broadcasting is undone (every broadcasting rule calls it).
 */
export function unbroadcast(ct: Tensor, shape: Shape): Tensor {
  if (shapesEqual(ct.shape, shape)) return ct;
  const axes = broadcastAxes(shape, ct.shape);
  const summed = axes.length > 0 ? sum(ct, axes) : ct;
  return shapesEqual(summed.shape, shape) ? summed : reshape(summed, shape);
}
