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
import { identity } from "./matrix-algebra.js";
import { luFactors } from "./primitives/lu.js";
import { dropColumn, luSolveFactored, solveOperands } from "./solve.js";

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
  const d = diagonal(u);
  return firstFailure(logicalOr(equal(d, 0), logicalNot(isFinite(d))));
}

/**
 * `solve` without the error: { result: X with A·X = B, info }, info = k > 0 when pivot k (1-based)
 * of the LU factorisation is exactly zero (A singular; X then holds Inf/NaN). Differentiable as
 * `solve` where info is 0.
 *
 * @example
 * const { result, info } = linalg.solveEx(tensor([[1, 2], [2, 4]]), tensor([1, 1])); // info = 2
 */
export function solveEx(a: TensorLike, b: TensorLike): ExResult {
  const { A, B, vector } = solveOperands("solveEx", a, b, true);
  const [p, l, u] = luFactors(A);
  return { result: dropColumn(luSolveFactored(null, p, l, u, B), vector), info: pivotInfo(u) };
}

/**
 * `inv` without the error: { result: A⁻¹, info } with `info` as in `solveEx`.
 *
 * @example
 * const { result, info } = linalg.invEx(tensor([[2, 0], [0, 4]])); // [[0.5, 0], [0, 0.25]], 0
 */
export function invEx(a: TensorLike): ExResult {
  const A = floatMatrix(a, "invEx");
  const n = squareDim("invEx", A);
  const [p, l, u] = luFactors(A);
  return { result: luSolveFactored(null, p, l, u, broadcastTo(identity(n, A.dtype), A.shape)), info: pivotInfo(u) };
}
