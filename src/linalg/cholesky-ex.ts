// torch.linalg.cholesky_ex: the Cholesky factor and an `info` code instead of a LinAlgError.
import { logicalNot } from "../ops/comparison.js";
import { diagonal } from "../ops/diagonal.js";
import { isFinite } from "../ops/is-finite.js";
import type { TensorLike } from "../ops/tensor-like.js";
import { bind1 } from "../primitives/bind.js";
import { floatMatrix, squareDim } from "./check-matrix.js";
import { matrixTranspose } from "./matrix-algebra.js";
import { choleskyP, choleskyUpper, type CholeskyOptions } from "./primitives/cholesky.js";
import { firstFailure, type ExResult } from "./solve-ex.js";

/**
 * `cholesky` without the error: { result: L (or U = Lᵀ with `{ upper: true }`), info }, info = k > 0
 * when the leading k×k minor is not positive definite (1-based, LAPACK's convention); the factor
 * is then NaN from pivot k on. Differentiable as `cholesky` where info is 0.
 *
 * @example
 * const { result, info } = linalg.choleskyEx(tensor([[1, 2], [2, 1]])); // info = 2
 */
export function choleskyEx(a: TensorLike, opts?: CholeskyOptions): ExResult {
  const upper = choleskyUpper(opts, "choleskyEx");
  const A = floatMatrix(a, "choleskyEx");
  squareDim("choleskyEx", A);
  const l = bind1(choleskyP, [A], { lenient: true });
  return { result: upper ? matrixTranspose(l) : l, info: firstFailure(logicalNot(isFinite(diagonal(l)))) };
}
