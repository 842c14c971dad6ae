import { ArgumentError } from "../core/errors.js";
import { showValue } from "../core/validate.js";
import { broadcastTo } from "../ops/shape-ops.js";
import type { TensorLike } from "../ops/tensor-like.js";
import type { Tensor } from "../tensor/tensor.js";
import { floatMatrix, squareDim } from "./check-matrix.js";
import { identity, matmul } from "./matrix-algebra.js";
import { inv } from "./solve.js";

/**
 * A square matrix (batch) to an integer power k by repeated squaring (⌊log₂|k|⌋ squarings and at
 * most as many more products); k < 0 inverts first (a singular matrix raises a LinAlgError), k = 0
 * gives the identity (a constant). Differentiates through the products: d(A²) = dA·A + A·dA.
 *
 * @example
 * linalg.matrixPower(tensor([[1, 1], [0, 1]]), 3); // [[1, 3], [0, 1]]
 */
export function matrixPower(a: TensorLike, k: number): Tensor {
  if (!Number.isInteger(k)) throw new ArgumentError(`matrixPower: the exponent must be an integer, got ${showValue(k)}`);
  const A = floatMatrix(a, "matrixPower");
  const n = squareDim("matrixPower", A);
  if (k === 0) return broadcastTo(identity(n, A.dtype), A.shape);
  let base = k < 0 ? inv(A) : A;
  let e = Math.abs(k);
  let result: Tensor | null = null;
  while (true) {
    if (e % 2 === 1) result = result === null ? base : matmul(result, base);
    e = Math.floor(e / 2);
    if (e === 0) return result!;
    base = matmul(base, base);
  }
}
