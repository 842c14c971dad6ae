import { less } from "../primitives/compare/less.js";
import { abs } from "../primitives/unary/abs.js";
import { full } from "../tensor/creation.js";
import type { Tensor } from "../tensor/tensor.js";
import { toTensor, type TensorLike } from "./tensor-like.js";

/**
 * True where x is neither ±∞ nor NaN (bool, no derivative).
 *
 * @example
 * isFinite(tensor([1, Infinity, NaN])); // [true, false, false]
 */
export function isFinite(x: TensorLike): Tensor {
  const t = toTensor(x, undefined, "isFinite");
  if (t.dtype === "int32" || t.dtype === "bool") return full(t.shape, 1, { dtype: "bool" });
  return less(abs(t), full([], Infinity, { dtype: t.dtype }));
}
