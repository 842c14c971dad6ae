import { mul } from "../ops/arithmetic.js";
import { reshape } from "../ops/shape-ops.js";
import { promoteOperands, type TensorLike } from "../ops/tensor-like.js";
import type { Tensor } from "../tensor/tensor.js";

/**
 * Kronecker product (numpy's kron): blocks a_ij·b, for operands of any rank (the lower-rank one
 * gets leading axes of size 1); the result's shape is the elementwise product of the shapes.
 * A broadcast multiply and two reshapes: d(a⊗b) = da⊗b + a⊗db.
 *
 * @example
 * kron(tensor([[1, 2], [3, 4]]), eye(2)); // [[1, 0, 2, 0], [0, 1, 0, 2], [3, 0, 4, 0], [0, 3, 0, 4]]
 */
export function kron(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = promoteOperands(a, b, "kron");
  const r = Math.max(x.ndim, y.ndim);
  const xs = [...Array<number>(r - x.ndim).fill(1), ...x.shape];
  const ys = [...Array<number>(r - y.ndim).fill(1), ...y.shape];
  const xi = reshape(x, xs.flatMap((d) => [d, 1]));
  const yi = reshape(y, ys.flatMap((d) => [1, d]));
  return reshape(mul(xi, yi), xs.map((d, i) => d * ys[i]!));
}
