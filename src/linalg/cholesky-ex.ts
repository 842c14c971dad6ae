// torch.linalg.cholesky_ex: the Cholesky factor and an `info` code instead of a LinAlgError.
import { logicalNot } from "../ops/comparison.js";
import { diagonal } from "../ops/diagonal.js";
import { isFinite } from "../ops/is-finite.js";
import type { TensorLike } from "../ops/tensor-like.js";
import { bind1 } from "../primitives/bind.js";
import { floatMatrix, squareDim } from "./check-matrix.js";
import { matrixTranspose } from "./matrix-algebra.js";
import { choleskyP, choleskyUpper, type CholeskyOptions } from "./primitives/cholesky.js";
import { checkErrorsOption, firstFailure, raiseOnInfo, type ExResult } from "./solve-ex.js";
import type { Tensor } from "../tensor/tensor.js";
import { checkOptionNames } from "../core/validate.js";

/**
 * `cholesky` without the error: { result: L (or U = Lᵀ with `{ upper: true }`), info }, info = k > 0
 * when the leading k×k minor is not positive definite (1-based, LAPACK's convention); the factor
 * is then NaN from pivot k on. Differentiable as `cholesky` where info is 0. The factor is also
 * `L` (PyTorch's name); `{ checkErrors: true }` raises instead of reporting.
 *
 * @example
 * const { result, info } = linalg.choleskyEx(tensor([[1, 2], [2, 1]])); // info = 2
 */
export function choleskyEx(a: TensorLike, opts?: CholeskyExOptions): CholeskyExResult {
  const o = checkOptionNames<CholeskyExOptions>(opts, "choleskyEx", ["upper", "checkErrors"]);
  const checkErrors = checkErrorsOption(o, "choleskyEx");
  const upper = choleskyUpper(withoutCheckErrors(o), "choleskyEx");
  const A = floatMatrix(a, "choleskyEx");
  squareDim("choleskyEx", A);
  const l = bind1(choleskyP, [A], { lenient: true });
  const info = firstFailure(logicalNot(isFinite(diagonal(l, 0, -2, -1))));
  if (checkErrors) raiseOnInfo("choleskyEx", info, "the matrix is not positive definite (the leading minor of order info)");
  const result = upper ? matrixTranspose(l) : l;
  return { result, L: result, info };
}

/** Options of `choleskyEx`: `upper` as `cholesky`, and `checkErrors` (raise instead of `info`). */
export interface CholeskyExOptions extends CholeskyOptions {
  /** Raise a LinAlgError (as `cholesky`) instead of reporting a failure in `info` (default false). */
  checkErrors?: boolean;
}

/** The result of `choleskyEx`: PyTorch's field `L` is the same tensor as `result`. */
export interface CholeskyExResult extends ExResult {
  /** The factor (torch.linalg.cholesky_ex's name; U = Lᵀ with `{ upper: true }`; equal to `result`). */
  L: Tensor;
}

/** The options but `checkErrors` (those `choleskyUpper` checks). */
function withoutCheckErrors(opts: object): object {
  const { checkErrors: _, ...rest } = opts as { checkErrors?: unknown };
  return rest;
}
