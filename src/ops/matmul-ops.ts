import { ShapeError } from "../core/errors.js";
import { showShape } from "../core/shape.js";
import { checkInteger } from "../core/validate.js";
import { matmul as matmulPrim } from "../primitives/linalg/matmul.js";
import { reshape } from "../primitives/movement/reshape.js";
import type { Tensor } from "../tensor/tensor.js";
import { mul } from "./arithmetic.js";
import { diagonal, matrixAxesLast } from "./diagonal.js";
import { sum } from "./reductions.js";
import { promoteFloatOperands, promoteOperands, toTensor, type TensorLike } from "./tensor-like.js";

/**
 * Matrix product with numpy semantics: [..., m, k] @ [..., k, n] with broadcast batch axes; a 1-D
 * left operand is a row vector and a 1-D right operand a column vector (that axis is dropped
 * from the result); two 1-D operands give their inner product. Integers compute in float32.
 * d(AB) = dA·B + A·dB.
 *
 * @example
 * matmul(ones([5, 2, 3]), ones([3, 4])); // shape [5, 2, 4]
 * matmul(tensor([[1, 2], [3, 4]]), tensor([1, 1])); // [3, 7]
 */
export function matmul(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = promoteFloatOperands(a, b, "matmul");
  if (x.ndim === 0 || y.ndim === 0)
    throw new ShapeError(`matmul: operands must have rank ≥ 1, got shapes ${showShape(x.shape)} and ${showShape(y.shape)} (use mul for scalars)`);
  const k = x.shape[x.ndim - 1]!;
  const k2 = y.ndim === 1 ? y.shape[0]! : y.shape[y.ndim - 2]!;
  if (k !== k2)
    throw new ShapeError(`matmul: inner dimensions differ: ${showShape(x.shape)} @ ${showShape(y.shape)} (${k} vs ${k2})`);
  const x2 = x.ndim === 1 ? reshape(x, [1, k]) : x;
  const y2 = y.ndim === 1 ? reshape(y, [k, 1]) : y;
  const out = matmulPrim(x2, y2);
  if (x.ndim > 1 && y.ndim > 1) return out;
  const shape = out.shape.slice();
  if (y.ndim === 1) shape.pop();
  if (x.ndim === 1) shape.splice(shape.length - (y.ndim === 1 ? 1 : 2), 1);
  return reshape(out, shape);
}

/**
 * Inner product of two vectors of equal length; for matrices it is `matmul` (numpy's dot for rank ≤ 2).
 *
 * @example
 * dot(tensor([1, 2, 3]), tensor([4, 5, 6])); // 32
 */
export function dot(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = promoteFloatOperands(a, b, "dot");
  if (x.ndim === 0 || y.ndim === 0) return mul(x, y);
  if (x.ndim > 2 || y.ndim > 2)
    throw new ShapeError(`dot: expected vectors or matrices, got shapes ${showShape(x.shape)} and ${showShape(y.shape)} (use matmul for batches)`);
  if (x.ndim === 1 && y.ndim === 1 && x.shape[0] !== y.shape[0])
    throw new ShapeError(`dot: vectors of different lengths: ${showShape(x.shape)} and ${showShape(y.shape)}`);
  if (x.shape[x.ndim - 1] !== y.shape[0])
    throw new ShapeError(`dot: inner dimensions differ: ${showShape(x.shape)} · ${showShape(y.shape)}`);
  return x.ndim === 1 && y.ndim === 1 ? sum(mul(x, y)) : matmul(x, y);
}

/**
 * Outer product a bᵀ of two vectors (other ranks are flattened first).
 *
 * @example
 * outer(tensor([1, 2]), tensor([1, 10, 100])); // [[1, 10, 100], [2, 20, 200]]
 */
export function outer(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = promoteOperands(a, b, "outer");
  return mul(reshape(x, [x.size, 1]), reshape(y, [1, y.size]));
}

/**
 * Sum of the diagonal with `offset` of the matrices in axes `dim1`, `dim2` (numpy's trace(a, offset,
 * axis1, axis2)): those axes are removed. d tr(X) = tr(dX).
 * NOTE: dim1, dim2 default to 0, 1 (numpy.trace, jax.numpy.trace); for a batch of matrices in the last
 * two axes pass −2, −1.
 *
 * @example
 * trace(tensor([[1, 2], [3, 4]])); // 5
 * trace(tensor([[1, 2], [3, 4]]), 1); // 2
 * trace(tensor([[[1, 2], [3, 4]], [[5, 6], [7, 8]]])); // [8, 10] (axes 0, 1)
 * trace(tensor([[[1, 2], [3, 4]], [[5, 6], [7, 8]]]), 0, -2, -1); // [5, 13] (batched)
 */
export function trace(x: TensorLike, offset = 0, dim1 = 0, dim2 = 1): Tensor {
  const t = toTensor(x, undefined, "trace");
  if (t.ndim < 2) throw new ShapeError(`trace: expected a matrix (rank ≥ 2), got shape ${showShape(t.shape)}`);
  checkInteger(offset, "trace", "offset");
  return sum(diagonal(matrixAxesLast(t, dim1, dim2, "trace"), offset, -2, -1), -1);
}
