import { DTypeError, ShapeError } from "../core/errors.js";
import { broadcastShapes, showShape } from "../core/shape.js";
import { checkBoolean, checkOptionNames } from "../core/validate.js";
import { checkPivot, type LuOptions } from "./lu-options.js";
import { add } from "../ops/arithmetic.js";
import { tril } from "../ops/diagonal.js";
import { broadcastTo, reshape } from "../ops/shape-ops.js";
import { promoteOperands, type TensorLike } from "../ops/tensor-like.js";
import { Tensor } from "../tensor/tensor.js";
import { floatMatrix, squareDim } from "./check-matrix.js";
import { matmul, matrixTranspose } from "./matrix-algebra.js";
import { luFactors } from "./primitives/lu.js";
import { luRectangular } from "./lu-rectangular.js";
import { concat } from "../ops/concat-split.js";
import { oneHot, slice } from "../ops/indexing.js";
import { sub } from "../ops/arithmetic.js";
import { zerosLike } from "../tensor/creation.js";
import { pivotPermutation } from "./primitives/pivot-permutation.js";
import { solveTriangular, type TriangularSolveParams } from "./primitives/triangular-solve.js";

/** The result of `luFactor`: A = P·L·U stored compactly. */
export interface LuFactorResult {
  /** L strictly below the diagonal (its unit diagonal implied) and U on and above it, [..., m, n]. */
  LU: Tensor;
  /** int32 [..., min(m, n)], 1-based (LAPACK's ipiv): row i was swapped with row pivots[i] − 1, for i = 0, 1, …. */
  pivots: Tensor;
}

/**
 * The LU factorisation with partial pivoting of a matrix (batch; m×n, also non-square) in LAPACK's compact form,
 * as torch.linalg.lu_factor: `LU` holds L (unit diagonal implied) and U, `pivots` the row swaps
 * (int32, 1-based as PyTorch's and LAPACK's) instead of a dense P. Pass both to `luSolve`.
 * Differentiable in LU where A is nonsingular (the pivots are locally constant): the `lu` rule.
 * `{ pivot: false }` raises (PyTorch has LU without pivoting on CUDA only).
 * NOTE: pivots are 1-based, following PyTorch (scipy.linalg.lu_factor and JAX use 0-based ones).
 *
 * @example
 * const { LU, pivots } = linalg.luFactor(tensor([[1, 2], [3, 4]])); // pivots [2, 2]
 */
export function luFactor(a: TensorLike, opts?: LuOptions): LuFactorResult {
  checkPivot(opts, "luFactor");
  const A = floatMatrix(a, "luFactor");
  const [m, n] = A.shape.slice(-2) as [number, number];
  if (m !== n) {
    // LAPACK's compact form of an m×n A: L below the diagonal and U on and above it, pivots (…, k).
    const { L, U, pivots } = luRectangular(A);
    const LU = m > n ? add(tril(L, -1), concat([U, zerosLike(slice(L, [...A.shape.slice(0, -2).map(() => 0), n, 0]))], -2)) : add(concat([tril(L, -1), zerosLike(slice(U, [...A.shape.slice(0, -2).map(() => 0), 0, m]))], -1), U);
    return { LU, pivots };
  }
  const [, L, U, , pivots] = luFactors(A);
  return { LU: add(tril(L, -1), U), pivots };
}

/** Options of `luSolve` (torch.linalg.lu_solve's names). */
export interface LuSolveOptions {
  /** Solve A·X = B (true, default) or X·A = B (false). */
  left?: boolean;
  /** Solve with Aᵀ instead of A (default false). */
  adjoint?: boolean;
}

/** The permutation matrices Pᵀ of LAPACK pivots [..., n] (1-based), in `dtype`: (PᵀB)[i] = B[perm[i]]. */
function permutationOf(pivots: Tensor, n: number, dtype: "float32" | "float64"): Tensor {
  return oneHot(pivotPermutation(sub(pivots, 1), n), n, { dtype });
}

/** Checks that `pivots` is an int32 [...batch, n] tensor of LAPACK pivots (each in [i + 1, n]). */
function checkPivots(pivots: unknown, n: number, batch: readonly number[]): Tensor {
  if (!(pivots instanceof Tensor) || pivots.dtype !== "int32")
    throw new DTypeError(`luSolve: pivots must be an int32 tensor (from luFactor), got ${pivots instanceof Tensor ? `a ${pivots.dtype} tensor` : typeof pivots}`);
  const want = [...batch, n];
  if (pivots.ndim !== want.length || pivots.shape.some((d, i) => d !== want[i]))
    throw new ShapeError(`luSolve: pivots must have shape ${showShape(want)} to fit LU, got shape ${showShape(pivots.shape)}`);
  // NOTE: the values are checked here when they are known; inside a transform (vmap) the
  // pivotPermutation kernel checks them when it runs (each in [1, n]).
  if (pivots._owner !== null) return pivots;
  const d = pivots.data();
  for (let k = 0; k < d.length; k++) {
    const i = k % n;
    if (!(d[k]! >= i + 1 && d[k]! <= n))
      throw new ShapeError(`luSolve: pivots[…, ${i}] must be in [${i + 1}, ${n}] (1-based LAPACK pivots), got ${d[k]}`);
  }
  return pivots;
}

/**
 * Solves A·X = B (or X·A = B, `left: false`; with Aᵀ, `adjoint: true`) from `luFactor`'s LU and
 * pivots, as torch.linalg.lu_solve: X = U⁻¹L⁻¹PᵀB, two triangular solves per call. `b` is
 * (…, n, k) ((…, k, n) with `left: false`) or a vector; leading axes of LU and B broadcast.
 * Differentiable in LU and B (triangular-solve rules); the pivots are constants. A zero on the
 * diagonal of U raises a LinAlgError.
 *
 * @example
 * const { LU, pivots } = linalg.luFactor(tensor([[1, 2], [3, 4]]));
 * linalg.luSolve(LU, pivots, tensor([5, 11])); // [1, 2]
 */
export function luSolve(LU: TensorLike, pivots: Tensor, b: TensorLike, opts?: LuSolveOptions): Tensor {
  const o = checkOptionNames<LuSolveOptions>(opts, "luSolve", ["left", "adjoint"]);
  const left = o.left === undefined ? true : checkBoolean(o.left, "luSolve", "options.left");
  const adjoint = o.adjoint === undefined ? false : checkBoolean(o.adjoint, "luSolve", "options.adjoint");
  const [lu0, b0] = promoteOperands(floatMatrix(LU, "luSolve", "LU"), b, "luSolve", ["LU", "b"]);
  const n = squareDim("luSolve", lu0, "LU");
  const Pt = permutationOf(checkPivots(pivots, n, lu0.shape.slice(0, -2)), n, lu0.dtype as "float32" | "float64");
  const vector = b0.ndim === 1;
  const bm = vector ? reshape(b0, left ? [b0.shape[0]!, 1] : [1, b0.shape[0]!]) : b0;
  // Solving X·A = B is solving Aᵀ·Xᵀ = Bᵀ.
  const B1 = left ? bm : matrixTranspose(bm);
  const transposed = left ? adjoint : !adjoint;
  if (B1.ndim < 2 || B1.shape[B1.ndim - 2] !== n)
    throw new ShapeError(`luSolve: b must be a vector of length ${n} or a matrix ${left ? `(…, ${n}, k)` : `(…, k, ${n})`} to fit LU ${showShape(lu0.shape)}, got shape ${showShape(b0.shape)}`);
  const batch = broadcastShapes(lu0.shape.slice(0, -2), B1.shape.slice(0, -2), "luSolve (batch axes of LU and b)");
  const A = broadcastTo(lu0, [...batch, n, n]);
  const P = broadcastTo(Pt, [...batch, n, n]);
  const B = broadcastTo(B1, [...batch, ...B1.shape.slice(-2)]);
  const lower: TriangularSolveParams = { lower: true, transposeA: transposed, unitDiagonal: true, singular: null };
  const upper: TriangularSolveParams = { lower: false, transposeA: transposed, unitDiagonal: false, singular: { op: "luSolve", rtol: 0, factor: "U" } };
  // A = P·L·U: A·X = B ⇔ X = U⁻¹L⁻¹PᵀB; Aᵀ·X = B ⇔ X = P·L⁻ᵀU⁻ᵀB.
  const X = transposed
    ? matmul(matrixTranspose(P), solveTriangular(A, solveTriangular(A, B, upper), lower))
    : solveTriangular(A, solveTriangular(A, matmul(P, B), lower), upper);
  const out = left ? X : matrixTranspose(X);
  return vector ? reshape(out, out.shape.slice(0, left ? -1 : -2).concat(left ? [] : [n])) : out;
}
