// The non-throwing solves of PyTorch (torch.linalg.solve_ex, inv_ex): the result and a LAPACK-style
// `info` code per matrix instead of a LinAlgError.
import { add } from "../ops/arithmetic.js";
import { cast } from "../ops/cast.js";
import { equal, greater, logicalNot, logicalOr, where } from "../ops/comparison.js";
import { diagonal } from "../ops/diagonal.js";
import { isFinite } from "../ops/is-finite.js";
import { argmax, max } from "../ops/reductions.js";
import { broadcastTo } from "../ops/shape-ops.js";
import type { TensorLike } from "../ops/tensor-like.js";
import type { Tensor } from "../tensor/tensor.js";
import { floatMatrix, squareDim } from "./check-matrix.js";
import { identity, matrixTranspose } from "./matrix-algebra.js";
import { checkBoolean, checkOptionNames } from "../core/validate.js";
import { LinAlgError } from "./linalg-error.js";
import { luFactors } from "./primitives/lu.js";
import { dropColumn, luSolveFactored, rightSide, solveOperands, solveSide, type SolveOptions } from "./solve.js";

/** The result of `solveEx`, `invEx` and `choleskyEx`. */
export interface ExResult {
  /** The solution, inverse or factor; not meaningful (Inf/NaN) where `info` is not 0. */
  result: Tensor;
  /** int32, one per matrix of the batch: 0 on success, else the 1-based index of the failing pivot (LAPACK's convention). */
  info: Tensor;
}

/** 1 + the index of the first true entry of the last axis of `bad` (bool), or 0 where none is (int32). */
export function firstFailure(bad: Tensor): Tensor {
  const flags = where(bad, 1, 0);
  return cast(where(greater(max(flags, -1), 0), add(argmax(flags, -1), 1), 0), "int32");
}

/** info from the U factor: the first pivot that is exactly 0 or not finite. */
function pivotInfo(u: Tensor): Tensor {
  const d = diagonal(u, 0, -2, -1);
  return firstFailure(logicalOr(equal(d, 0), logicalNot(isFinite(d))));
}

/** The result of `invEx`: PyTorch's field `inverse` is the same tensor as `result`. */
export interface InvExResult extends ExResult {
  /** A⁻¹ (torch.linalg.inv_ex's name; equal to `result`). */
  inverse: Tensor;
}

/** Options of `solveEx` (PyTorch's names). */
export interface SolveExOptions extends SolveOptions {
  /** Raise a LinAlgError (as `solve`) instead of reporting a failure in `info` (default false). */
  checkErrors?: boolean;
}

/** The `checkErrors` option of the `*Ex` functions, checked. */
export function checkErrorsOption(opts: unknown, fn: string): boolean {
  const v = opts === undefined || opts === null ? undefined : (opts as { checkErrors?: unknown }).checkErrors;
  return v === undefined ? false : checkBoolean(v, fn, "options.checkErrors");
}

/** Throws the LinAlgError of `fn` for the first matrix whose `info` is not 0. */
export function raiseOnInfo(fn: string, info: Tensor, what: string): void {
  const codes = info.data();
  const at = codes.findIndex((k) => k !== 0);
  if (at < 0) return;
  const where = info.ndim > 0 ? ` (batch element ${at})` : "";
  throw new LinAlgError(`${fn}: ${what}${where}: info = ${codes[at]} (checkErrors: true)`);
}

/**
 * `solve` without the error: { result: X with A·X = B, info }, info = k > 0 when pivot k (1-based)
 * of the LU factorisation is exactly zero (A singular; X then holds Inf/NaN). Differentiable as
 * `solve` where info is 0. Options (torch.linalg.solve_ex): `left` (false: X·A = B), `checkErrors`.
 *
 * @example
 * const { result, info } = linalg.solveEx(tensor([[1, 2], [2, 4]]), tensor([1, 1])); // info = 2
 */
export function solveEx(a: TensorLike, b: TensorLike, opts?: SolveExOptions): ExResult {
  const left = solveSide(opts, "solveEx", ["checkErrors"]);
  const checkErrors = checkErrorsOption(opts, "solveEx");
  const { A, B, vector } = solveOperands("solveEx", left ? a : matrixTranspose(floatMatrix(a, "solveEx", "the matrix")), rightSide(b, left), true);
  const [p, l, u] = luFactors(A);
  const info = pivotInfo(u);
  if (checkErrors) raiseOnInfo("solveEx", info, "the matrix is singular (a zero pivot of U, the LU factorisation)");
  return { result: rightSide(dropColumn(luSolveFactored(null, p, l, u, B), vector), left), info };
}

/**
 * `inv` without the error: { result: A⁻¹ (also as `inverse`, PyTorch's name), info } with `info` as
 * in `solveEx`; `{ checkErrors: true }` raises instead.
 *
 * @example
 * const { inverse, info } = linalg.invEx(tensor([[2, 0], [0, 4]])); // [[0.5, 0], [0, 0.25]], 0
 */
export function invEx(a: TensorLike, opts?: { checkErrors?: boolean }): InvExResult {
  checkOptionNames(opts, "invEx", ["checkErrors"]);
  const checkErrors = checkErrorsOption(opts, "invEx");
  const A = floatMatrix(a, "invEx");
  const n = squareDim("invEx", A);
  const [p, l, u] = luFactors(A);
  const info = pivotInfo(u);
  if (checkErrors) raiseOnInfo("invEx", info, "the matrix is singular (a zero pivot of U, the LU factorisation)");
  const result = luSolveFactored(null, p, l, u, broadcastTo(identity(n, A.dtype), A.shape));
  return { result, inverse: result, info };
}
