import { less, where } from "../ops/comparison.js";
import { checkNoExtraArguments } from "../core/validate.js";
import type { TensorLike } from "../ops/tensor-like.js";
import type { Tensor } from "../tensor/tensor.js";
import { floatMatrix, squareDim } from "./check-matrix.js";
import { slogdet } from "./determinant.js";

/**
 * The natural logarithm of the determinant of a square matrix (batch), as torch.logdet: log det A
 * for det A > 0, −∞ for a singular A and NaN for det A < 0 (use `slogdet` for the sign).
 * d log det A = tr(A⁻¹dA), so ∇ = A⁻ᵀ (the slogdet rule).
 *
 * @example
 * linalg.logdet(tensor([[2, 0], [0, 3]])); // log 6
 */
export function logdet(a: TensorLike, ...extra: never[]): Tensor {
  checkNoExtraArguments("logdet", extra, ["a"]);
  const A = floatMatrix(a, "logdet");
  squareDim("logdet", A);
  const { sign, logAbsDet } = slogdet(A);
  return where(less(sign, 0), Number.NaN, logAbsDet);
}
