import type { TypedArray } from "../../core/dtype.js";
import type { Shape } from "../../core/shape.js";
import { matmul } from "./matmul.js";
import { isMatvec, matvec } from "./matvec.js";
import { transpose } from "./movement.js";

/** Swaps the last two axes of `x` (a copy) and returns it with its new shape. */
function matrixTranspose(x: TypedArray, shape: Shape): [TypedArray, Shape] {
  const r = shape.length;
  const perm = [...Array.from({ length: r - 2 }, (_, i) => i), r - 1, r - 2];
  return [transpose(x, shape, perm), perm.map((p) => shape[p]!)];
}

/**
 * Batched matmul with optionally transposed operands (A stored `[..., k, m]`, B `[..., n, k]`): the
 * portable version materialises the transposes, then runs the plain kernel; matrix–vector products
 * (one row or one column) read the operands in place instead. The wasm backend never copies.
 */
export function matmulTransposed(
  a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, outShape: Shape, transA = false, transB = false,
): TypedArray {
  if (isMatvec(aShape, bShape, transA, transB)) return matvec(a, aShape, b, bShape, outShape, transA, transB);
  if (transA) [a, aShape] = matrixTranspose(a, aShape);
  if (transB) [b, bShape] = matrixTranspose(b, bShape);
  return matmul(a, aShape, b, bShape, outShape);
}
