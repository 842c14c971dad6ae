import { ShapeError } from "../core/errors.js";
import { broadcastShapes, showShape } from "../core/shape.js";
import { add, mul, sub } from "../ops/arithmetic.js";
import { tril } from "../ops/diagonal.js";
import { slice } from "../ops/indexing.js";
import { broadcastTo, unsqueeze } from "../ops/shape-ops.js";
import { promoteFloatOperands, type TensorLike } from "../ops/tensor-like.js";
import { eye } from "../tensor/creation.js";
import type { Tensor } from "../tensor/tensor.js";
import { matrixDims } from "./check-matrix.js";
import { columns, matmul, matrixTranspose } from "./matrix-algebra.js";

/**
 * The first n columns of Q = H₁·H₂·…·H_k, H_i = I − τ_i v_i v_iᵀ, from Householder vectors stored
 * LAPACK-style below the diagonal of A [..., m, n] (v_i = column i with 1 on the diagonal and zeros
 * above) and τ [..., k], k ≤ n ≤ m: torch.linalg.householder_product (LAPACK's orgqr). Applied
 * right to left to the first n columns of I (k rank-1 updates, O(kmn)); differentiable in A and τ
 * through the products: dH_i = −dτ_i v_i v_iᵀ − τ_i(dv_i v_iᵀ + v_i dv_iᵀ).
 *
 * @example
 * const Q = linalg.householderProduct(A, tau); // A and tau from a QR factorisation (geqrf)
 */
export function householderProduct(a: TensorLike, tau: TensorLike): Tensor {
  const [A0, T0] = promoteFloatOperands(a, tau, "householderProduct", ["A", "tau"]);
  const [m, n] = matrixDims("householderProduct", A0, "A");
  if (n > m) throw new ShapeError(`householderProduct: A must have at least as many rows as columns (…, m, n ≤ m), got shape ${showShape(A0.shape)}`);
  const k = T0.shape[T0.ndim - 1];
  if (T0.ndim < 1 || k === undefined || k > n)
    throw new ShapeError(`householderProduct: tau must have shape (…, k) with k ≤ ${n} (the columns of A ${showShape(A0.shape)}), got shape ${showShape(T0.shape)}`);
  const batch = broadcastShapes(A0.shape.slice(0, -2), T0.shape.slice(0, -1), "householderProduct (batch axes of A and tau)");
  const A = broadcastTo(A0, [...batch, m, n]);
  const T = broadcastTo(T0, [...batch, k]);
  const V = add(tril(A, -1), slice(eye(m, { dtype: A.dtype }), [0, 0], [m, n]));
  let Q: Tensor = broadcastTo(slice(eye(m, { dtype: A.dtype }), [0, 0], [m, n]), [...batch, m, n]);
  for (let i = k - 1; i >= 0; i--) {
    const v = columns(V, i, 1); // [..., m, 1]
    const t = unsqueeze(slice(T, [...batch.map(() => 0), i], [...batch, 1]), -1); // [..., 1, 1]
    Q = sub(Q, mul(t, matmul(v, matmul(matrixTranspose(v), Q))));
  }
  return Q;
}
