import { isFloat } from "../core/dtype.js";
import { DTypeError, ShapeError } from "../core/errors.js";
import { showShape } from "../core/shape.js";
import { asFloat, toTensor, type TensorLike } from "../ops/tensor-like.js";
import type { Aval } from "../primitives/primitive.js";
import type { Tensor } from "../tensor/tensor.js";

/** The trailing [rows, cols] of a float matrix (batch) argument; throws for other ranks and dtypes. */
export function matrixDims(op: string, a: Aval, what = "the argument"): [number, number] {
  if (!isFloat(a.dtype)) throw new DTypeError(`${op}: ${what} must be float32 or float64, got ${a.dtype}`);
  if (a.shape.length < 2) throw new ShapeError(`${op}: ${what} must be a matrix or a batch of matrices (rank ≥ 2), got shape ${showShape(a.shape)}`);
  return [a.shape[a.shape.length - 2]!, a.shape[a.shape.length - 1]!];
}

/** n for a square float matrix (batch) [..., n, n]; throws a ShapeError naming the shape otherwise. */
export function squareDim(op: string, a: Aval, what = "the argument"): number {
  const [n, m] = matrixDims(op, a, what);
  if (n !== m) throw new ShapeError(`${op}: ${what} must be square (…, n, n), got shape ${showShape(a.shape)}`);
  return n;
}

/** A user argument as a float tensor (int32/bool become float32), checked to be a matrix (batch). */
export function floatMatrix(x: TensorLike, op: string, what = "the argument"): Tensor {
  const t = asFloat(toTensor(x, undefined, op));
  matrixDims(op, t, what);
  return t;
}

/** Machine epsilon of a float dtype (the spacing of numbers near 1). */
export function epsilonOf(dtype: string): number {
  return dtype === "float32" ? 2 ** -23 : 2 ** -52;
}
