import { cast, min } from "../ops/index.js";
import type { Tensor } from "../tensor/tensor.js";

/** True where every element of the last `n` axes of a bool tensor is true (the other axes remain). */
export function allLastAxes(b: Tensor, n: number): Tensor {
  if (n === 0) return b;
  const axes = Array.from({ length: n }, (_, i) => b.ndim - n + i);
  return cast(min(cast(b, "int32"), axes), "bool");
}
