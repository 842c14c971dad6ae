// Linear solves as composites of the factorisations: solve and inv by LU (lstsq: lstsq.ts). Their
// derivatives come from the rules of lu, qr and triangularSolve, to every order.
import { broadcastShapes, showShape } from "../core/shape.js";
import { ShapeError } from "../core/errors.js";
import { broadcastTo } from "../ops/shape-ops.js";
import { promoteOperands, toTensor, type TensorLike } from "../ops/tensor-like.js";
import { checkBoolean, checkNoExtraArguments, checkOptionNames } from "../core/validate.js";
import { reshape } from "../primitives/movement/reshape.js";
import type { Tensor } from "../tensor/tensor.js";
import { floatMatrix, matrixDims, squareDim } from "./check-matrix.js";
import { identity, matrixTranspose } from "./matrix-algebra.js";
import { luFactors } from "./primitives/lu.js";
import { permutationTransposeTimes } from "./permute-rows.js";
import { solveTriangular } from "./primitives/triangular-solve.js";

/**
 * A (…, m, n) matrix (square if `square`) and a right-hand side that is a vector (1-D) or a matrix (…, m, k), brought
 * to one float dtype and to a common batch; `vector` says whether to drop the last axis again.
 */
export function solveOperands(op: string, a: TensorLike, b: TensorLike, square: boolean): { A: Tensor; B: Tensor; vector: boolean } {
  const [ta, tb] = promoteOperands(floatMatrix(a, op, "the matrix"), b, op);
  const [m, n] = matrixDims(op, ta, "the matrix");
  if (square) squareDim(op, ta, "the matrix");
  const r = m;
  const vector = tb.ndim === 1;
  const bm = vector ? reshape(tb, [tb.shape[0]!, 1]) : tb;
  if (bm.ndim < 2 || bm.shape[bm.ndim - 2] !== r)
    throw new ShapeError(
      `${op}: the matrix ${showShape(ta.shape)} and the right-hand side ${showShape(tb.shape)} do not fit ` +
        `(expected a vector of length ${r} or a matrix (…, ${r}, k))`,
    );
  const batch = broadcastShapes(ta.shape.slice(0, -2), bm.shape.slice(0, -2), `${op} (batch axes)`);
  return { A: broadcastTo(ta, [...batch, m, n]), B: broadcastTo(bm, [...batch, ...bm.shape.slice(-2)]), vector };
}

/** Drops the helper column axis of a vector right-hand side again. */
export function dropColumn(x: Tensor, vector: boolean): Tensor {
  return vector ? reshape(x, x.shape.slice(0, -1)) : x;
}

/**
 * X = A⁻¹B by LU with partial pivoting. With `op`, an exactly singular A (a zero pivot) raises a
 * LinAlgError naming `op`; with null, no check (Inf/NaN propagate: the `*Ex` variants).
 */
export function luSolveDense(op: string | null, A: Tensor, B: Tensor): Tensor {
  const [p, l, u] = luFactors(A);
  return luSolveFactored(op, p, l, u, B);
}

/** X = A⁻¹B from A = P·L·U (see `luSolveDense`). */
export function luSolveFactored(op: string | null, p: Tensor, l: Tensor, u: Tensor, B: Tensor): Tensor {
  const y = solveTriangular(l, permutationTransposeTimes(p, B), { lower: true, transposeA: false, unitDiagonal: true, singular: null });
  return solveTriangular(u, y, {
    lower: false,
    transposeA: false,
    unitDiagonal: false,
    singular: op === null ? null : { op, rtol: 0, factor: "U (the LU factorisation)" },
  });
}

/**
 * Solves A·X = B for square A (batched over leading axes, which broadcast); `b` is a vector (1-D)
 * or a matrix (…, n, k). Uses LU with partial pivoting. dX = A⁻¹(dB − dA·X), B̄ = A⁻ᵀX̄, Ā = −B̄Xᵀ
 * (through the lu and triangularSolve rules).
 * NOTE: A is reported singular (LinAlgError, naming the pivot) only when a pivot of U is exactly 0
 * (or not finite), as LAPACK and PyTorch do: a relative threshold would change its verdict when rows
 * or columns are rescaled (it rejected [[1e9, 0], [0, 1e-9]]). Check `cond(A)` for ill-conditioning,
 * or use `solveEx` to get an `info` code instead of an error. `{ left: false }` solves X·A = B.
 *
 * @example
 * linalg.solve(tensor([[3, 1], [1, 2]]), tensor([9, 8])); // [2, 3]
 */
export function solve(a: TensorLike, b: TensorLike, opts?: SolveOptions): Tensor {
  const left = solveSide(opts, "solve");
  const { A, B, vector } = solveOperands("solve", left ? a : matrixTranspose(floatMatrix(a, "solve", "the matrix")), rightSide(b, left), true);
  return rightSide(dropColumn(luSolveDense("solve", A, B), vector), left);
}

/** Options of `solve` and `solveEx` (PyTorch's names). */
export interface SolveOptions {
  /** true (default): solve A·X = B; false: solve X·A = B (X = B·A⁻¹, for B (…, k, n) or a vector). */
  left?: boolean;
}

/** The `left` option of `solve`/`solveEx`, checked (unknown option names raise). */
export function solveSide(opts: unknown, fn: string, extra: readonly string[] = []): boolean {
  const o = checkOptionNames<SolveOptions>(opts, fn, ["left", ...extra]);
  return o.left === undefined ? true : checkBoolean(o.left, fn, "options.left");
}

/** B for a left solve; Bᵀ (last two axes) for a right one, X·A = B ⇔ Aᵀ·Xᵀ = Bᵀ (vectors stay). */
export function rightSide<T extends TensorLike>(b: T, left: boolean): T | Tensor {
  if (left) return b;
  const t = toTensor(b, undefined, "solve");
  return t.ndim < 2 ? t : matrixTranspose(t);
}

/**
 * The inverse of a square matrix (batch), as solve(A, I). An exactly singular matrix (a zero pivot)
 * raises a LinAlgError (see `solve`; `invEx` reports it instead). d(A⁻¹) = −A⁻¹ dA A⁻¹.
 *
 * @example
 * linalg.inv(tensor([[2, 0], [0, 4]])); // [[0.5, 0], [0, 0.25]]
 */
export function inv(a: TensorLike, ...extra: never[]): Tensor {
  checkNoExtraArguments("inv", extra, ["a"]);
  const A = floatMatrix(a, "inv");
  const n = squareDim("inv", A);
  return luSolveDense("inv", A, broadcastTo(identity(n, A.dtype), A.shape));
}
