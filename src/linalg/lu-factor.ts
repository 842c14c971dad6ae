import { DTypeError, ShapeError } from "../core/errors.js";
import { broadcastShapes, showShape } from "../core/shape.js";
import { checkBoolean, checkOptionNames } from "../core/validate.js";
import { checkPivot, type LuOptions } from "./lu-options.js";
import { add } from "../ops/arithmetic.js";
import { tril } from "../ops/diagonal.js";
import { broadcastTo, reshape } from "../ops/shape-ops.js";
import { promoteOperands, type TensorLike } from "../ops/tensor-like.js";
import { tensor } from "../tensor/creation.js";
import { Tensor } from "../tensor/tensor.js";
import { floatMatrix, squareDim } from "./check-matrix.js";
import { matmul, matrixTranspose } from "./matrix-algebra.js";
import { luFactors } from "./primitives/lu.js";
import { luRectangular } from "./lu-rectangular.js";
import { concat } from "../ops/concat-split.js";
import { slice } from "../ops/indexing.js";
import { zerosLike } from "../tensor/creation.js";
import { solveTriangular, type TriangularSolveParams } from "./primitives/triangular-solve.js";

/** The result of `luFactor`: A = P·L·U stored compactly. */
export interface LuFactorResult {
  /** L strictly below the diagonal (its unit diagonal implied) and U on and above it, [..., m, n]. */
  LU: Tensor;
  /** int32 [..., min(m, n)], 1-based (LAPACK's ipiv): row i was swapped with row pivots[i] − 1, for i = 0, 1, …. */
  pivots: Tensor;
}

/** LAPACK-style swap sequence (1-based) of each permutation matrix in `p` (P[perm[i], i] = 1). */
function pivotsOf(p: Tensor, n: number): Int32Array {
  const d = p.data();
  const count = n === 0 ? 0 : d.length / (n * n);
  const out = new Int32Array(count * n);
  const rows = new Array<number>(n);
  for (let b = 0; b < count; b++) {
    const base = b * n * n;
    for (let i = 0; i < n; i++) rows[i] = i;
    const where = rows.slice(); // where[r]: current position of original row r
    for (let i = 0; i < n; i++) {
      let r = 0;
      while (d[base + r * n + i] !== 1) r++;
      const j = where[r]!;
      out[b * n + i] = j + 1;
      const other = rows[i]!;
      [rows[i], rows[j]] = [r, other];
      where[other] = j;
      where[r] = i;
    }
  }
  return out;
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
    const { L, U, swaps } = luRectangular(A);
    const LU = m > n ? add(tril(L, -1), concat([U, zerosLike(slice(L, [...A.shape.slice(0, -2).map(() => 0), n, 0]))], -2)) : add(concat([tril(L, -1), zerosLike(slice(U, [...A.shape.slice(0, -2).map(() => 0), 0, m]))], -1), U);
    return { LU, pivots: reshape(tensor(swaps.map((s) => s + 1), { dtype: "int32" }), [...A.shape.slice(0, -2), Math.min(m, n)]) };
  }
  const [P, L, U] = luFactors(A);
  const LU = add(tril(L, -1), U);
  return { LU, pivots: reshape(tensor(pivotsOf(P, n), { dtype: "int32" }), A.shape.slice(0, -1)) };
}

/** Options of `luSolve` (torch.linalg.lu_solve's names). */
export interface LuSolveOptions {
  /** Solve A·X = B (true, default) or X·A = B (false). */
  left?: boolean;
  /** Solve with Aᵀ instead of A (default false). */
  adjoint?: boolean;
}

/** The permutation matrices Pᵀ (one per batch entry) of LAPACK pivots: (PᵀB)[i] = B[perm[i]]. */
function permutationOf(pivots: Tensor, n: number, dtype: "float32" | "float64"): Tensor {
  const piv = pivots.data();
  const count = n === 0 ? 0 : piv.length / n;
  const out = new Float64Array(count * n * n);
  const perm = new Array<number>(n);
  for (let b = 0; b < count; b++) {
    for (let i = 0; i < n; i++) perm[i] = i;
    for (let i = 0; i < n; i++) {
      const j = piv[b * n + i]! - 1;
      [perm[i], perm[j]] = [perm[j]!, perm[i]!];
    }
    for (let i = 0; i < n; i++) out[b * n * n + i * n + perm[i]!] = 1;
  }
  return reshape(tensor(out, { dtype }), [...pivots.shape, n]);
}

/** Checks that `pivots` is an int32 [...batch, n] tensor of LAPACK pivots (each in [i + 1, n]). */
function checkPivots(pivots: unknown, n: number, batch: readonly number[]): Tensor {
  if (!(pivots instanceof Tensor) || pivots.dtype !== "int32")
    throw new DTypeError(`luSolve: pivots must be an int32 tensor (from luFactor), got ${pivots instanceof Tensor ? `a ${pivots.dtype} tensor` : typeof pivots}`);
  const want = [...batch, n];
  if (pivots.ndim !== want.length || pivots.shape.some((d, i) => d !== want[i]))
    throw new ShapeError(`luSolve: pivots must have shape ${showShape(want)} to fit LU, got shape ${showShape(pivots.shape)}`);
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
