import { floatMatrix, squareDim } from "./check-matrix.js";
// Linear algebra with derivatives: the decomposition primitives (one file each under primitives/,
// each with its float64 kernel and its jvp/vjp rules from the matrix-calculus literature), the
// composites built on them, and einsum/tensordot/kron. Importing this module registers the
// primitives with the gradient suite.
import { cholesky } from "./primitives/cholesky.js";
import { eigh, type EighResult } from "./primitives/eigh.js";
import { lu } from "./primitives/lu.js";
import { qr } from "./primitives/qr.js";
import { svd, svdvals } from "./primitives/svd.js";
import { triangularSolve } from "./primitives/triangular-solve.js";
import { det, slogdet } from "./determinant.js";
import { matrixNorm } from "./matrix-norm.js";
import { matrixPower } from "./matrix-power.js";
import { inv, solve } from "./solve.js";
import { lstsq } from "./lstsq.js";
import { invEx, solveEx } from "./solve-ex.js";
import { choleskyEx } from "./cholesky-ex.js";
import { cond } from "./cond.js";
import { eighInput, type EighOptions } from "./decomposition-options.js";
import { pinv } from "./pinv.js";
import { matrixExp } from "./matrix-exp.js";
import { vectorNorm } from "./vector-norm.js";
import { linalgNorm } from "./linalg-norm.js";
import { matrixRank } from "./matrix-rank.js";
import { multiDot } from "./multi-dot.js";
import { choleskyInverse, choleskySolve } from "./cholesky-solve.js";
import { luFactor, luSolve } from "./lu-factor.js";
import { logdet } from "./logdet.js";
import { cross } from "./cross.js";
import { vecdot } from "./vecdot.js";
import { solveTriangular } from "./solve-triangular.js";
import { vander } from "./vander.js";
import { householderProduct } from "./householder-product.js";
import { tensorinv, tensorsolve } from "./tensor-solve.js";
import { linalgDiagonal } from "./linalg-diagonal.js";
import type { TensorLike } from "../ops/tensor-like.js";
import type { Tensor } from "../tensor/tensor.js";

/** Eigenvalues of a symmetric matrix (batch), ascending; their gradient is V·diag(w̄)·Vᵀ. @example linalg.eigvalsh(tensor([[2, 1], [1, 2]])); // [1, 3] */
function eigvalsh(a: TensorLike, opts?: EighOptions): Tensor {
  const t = floatMatrix(a, "eigvalsh");
  squareDim("eigvalsh", t);
  return eigh(eighInput(t, opts, "eigvalsh")).eigenvalues;
}

/**
 * Linear algebra, batched over leading axes, in float32 and float64, differentiable in both modes
 * and to any order: `solve inv det slogdet cholesky triangularSolve lu qr svd svdvals eigh eigvalsh
 * lstsq matrixNorm matrixPower`.
 *
 * @example
 * const L = linalg.cholesky(S);
 * const z = linalg.triangularSolve(L, x, { lower: true });
 */
export const linalg = {
  solve,
  inv,
  det,
  slogdet,
  cholesky,
  triangularSolve,
  lu,
  qr,
  svd,
  svdvals,
  eigh,
  eigvalsh,
  lstsq,
  matrixNorm,
  matrixPower,
  solveEx,
  invEx,
  choleskyEx,
  cond,
  pinv,
  matrixExp,
  vectorNorm,
  norm: linalgNorm,
  matrixRank,
  multiDot,
  choleskySolve,
  choleskyInverse,
  luFactor,
  luSolve,
  logdet,
  cross,
  vecdot,
  solveTriangular,
  vander,
  householderProduct,
  tensorsolve,
  tensorinv,
  diagonal: linalgDiagonal,
} as const;

export { einsum } from "./einsum.js";
export { tensordot } from "./tensordot.js";
export { kron } from "./kron.js";
export { LinAlgError } from "./linalg-error.js";
export type { EighResult };
export type { LuResult } from "./primitives/lu.js";
export type { QrResult } from "./primitives/qr.js";
export type { SvdResult } from "./primitives/svd.js";
export type { SlogdetResult } from "./determinant.js";
export type { TriangularSolveOptions } from "./primitives/triangular-solve.js";
export type { MatrixNormOrder } from "./matrix-norm.js";
export type { ExResult, InvExResult, SolveExOptions } from "./solve-ex.js";
export type { SolveOptions } from "./solve.js";
export type { CholeskyExOptions, CholeskyExResult } from "./cholesky-ex.js";
export type { LstsqOptions, LstsqResult } from "./lstsq.js";
export type { CholeskyOptions } from "./primitives/cholesky.js";
export type { EighOptions, QrOptions, SvdOptions } from "./decomposition-options.js";
export type { MatrixNormOptions } from "./matrix-norm.js";
export type { PinvOptions } from "./pinv.js";
export type { SpectralTolerance } from "./spectral-cutoff.js";
export type { VectorNormOptions } from "./vector-norm.js";
export type { LinalgNormOptions } from "./linalg-norm.js";
export type { CholeskySolveOptions } from "./cholesky-solve.js";
export type { LuFactorResult, LuSolveOptions } from "./lu-factor.js";
export type { DimOption } from "./vecdot.js";
export type { SolveTriangularOptions } from "./solve-triangular.js";
export type { VanderOptions } from "./vander.js";
export type { TensorinvOptions, TensorsolveOptions } from "./tensor-solve.js";
export type { LuOptions } from "./lu-options.js";
export type { LinalgDiagonalOptions } from "./linalg-diagonal.js";
