// Determinants from the LU factorisation: det A = det P · Π U_ii. det is a primitive whose
// derivative is the adjugate (exact at singular A); slogdet's derivatives come from the lu rule
// (d log|det A| = tr(A⁻¹dA), so ∇ log|det A| = A⁻ᵀ), to every order.
import { add, mul } from "../ops/arithmetic.js";
import { checkNoExtraArguments } from "../core/validate.js";
import { diagonal } from "../ops/diagonal.js";
import { abs, log, sign } from "../ops/elementwise.js";
import { prod, sum } from "../ops/reductions.js";
import type { TensorLike } from "../ops/tensor-like.js";
import type { Tensor } from "../tensor/tensor.js";
import { floatMatrix, squareDim } from "./check-matrix.js";
import { detP } from "./primitives/det.js";
import { luFactors } from "./primitives/lu.js";
import { bind1 } from "../primitives/bind.js";

function factors(op: string, a: TensorLike): [Tensor, Tensor] {
  const A = floatMatrix(a, op);
  squareDim(op, A);
  const [, , u, permSign] = luFactors(A);
  return [diagonal(u, 0, -2, -1), permSign];
}

/**
 * The determinant of a square matrix (batch), from LU with partial pivoting. Its derivative is the
 * adjugate, d det A = tr(adj(A)·dA), which exists everywhere: gradients, jvps and higher orders are
 * exact at singular matrices too (∇det [[1,2,3],[1,2,3],[4,5,7]] = [[-1,5,-3],[1,-5,3],[0,0,0]]).
 * Prefer `slogdet` for large or small determinants (det over- or underflows).
 *
 * @example
 * linalg.det(tensor([[1, 2], [3, 4]])); // -2
 */
export function det(a: TensorLike, ...extra: never[]): Tensor {
  checkNoExtraArguments("det", extra, ["a"]);
  const A = floatMatrix(a, "det");
  squareDim("det", A);
  return bind1(detP, [A], {});
}

/** The result of `slogdet`: det A = sign · exp(logAbsDet). */
export interface SlogdetResult {
  /** ±1, or 0 for a singular matrix (no gradient). */
  sign: Tensor;
  /** log|det A|, −∞ for a singular matrix. ∇ = A⁻ᵀ. */
  logAbsDet: Tensor;
  /** The same tensor as `logAbsDet`, under PyTorch's and JAX's field name. */
  logabsdet: Tensor;
}

/**
 * Sign and natural logarithm of the absolute determinant of a square matrix (batch), without
 * over- or underflow: log|det A| = Σ log|U_ii| from LU. d log|det A| = tr(A⁻¹dA). A singular
 * matrix gives sign 0 and logAbsDet −∞ (numpy's convention).
 *
 * @example
 * const { sign, logAbsDet } = linalg.slogdet(tensor([[1, 2], [3, 4]])); // -1, log 2
 */
export function slogdet(a: TensorLike, ...extra: never[]): SlogdetResult {
  checkNoExtraArguments("slogdet", extra, ["a"]);
  const [d, permSign] = factors("slogdet", a);
  // + 0 turns the −0 of a singular matrix with an odd permutation into 0.
  const logAbsDet = sum(log(abs(d)), -1);
  return { sign: add(mul(permSign, prod(sign(d), -1)), 0), logAbsDet, logabsdet: logAbsDet };
}
