// Linear solves as composites of the factorisations: solve and inv by LU, lstsq by QR. Their
// derivatives come from the rules of lu, qr and triangularSolve, to every order.
import { broadcastShapes, showShape } from "../core/shape.js";
import { ShapeError } from "../core/errors.js";
import { broadcastTo } from "../ops/shape-ops.js";
import { promoteOperands, type TensorLike } from "../ops/tensor-like.js";
import { reshape } from "../primitives/movement/reshape.js";
import type { Tensor } from "../tensor/tensor.js";
import { epsilonOf, floatMatrix, matrixDims, squareDim } from "./check-matrix.js";
import { identity, matmul, matrixTranspose } from "./matrix-algebra.js";
import { luFactors } from "./primitives/lu.js";
import { qr } from "./primitives/qr.js";
import { solveTriangular } from "./primitives/triangular-solve.js";

/**
 * A (…, m, n) matrix (square if `square`) and a right-hand side that is a vector (1-D) or a matrix (…, m, k), brought
 * to one float dtype and to a common batch; `vector` says whether to drop the last axis again.
 */
function solveOperands(op: string, a: TensorLike, b: TensorLike, square: boolean): { A: Tensor; B: Tensor; vector: boolean } {
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

function dropColumn(x: Tensor, vector: boolean): Tensor {
  return vector ? reshape(x, x.shape.slice(0, -1)) : x;
}

/** X = A⁻¹B by LU with partial pivoting; a (numerically) singular A raises a LinAlgError naming `op`. */
function luSolve(op: string, A: Tensor, B: Tensor): Tensor {
  const n = squareDim(op, A, "the matrix");
  const [p, l, u] = luFactors(A);
  const y = solveTriangular(l, matmul(matrixTranspose(p), B), { lower: true, transposeA: false, unitDiagonal: true, singular: null });
  return solveTriangular(u, y, {
    lower: false,
    transposeA: false,
    unitDiagonal: false,
    singular: { op, rtol: Math.max(n, 1) * epsilonOf(A.dtype), factor: "U (the LU factorisation)" },
  });
}

/**
 * Solves A·X = B for square A (batched over leading axes, which broadcast); `b` is a vector (1-D)
 * or a matrix (…, n, k). Uses LU with partial pivoting. dX = A⁻¹(dB − dA·X), B̄ = A⁻ᵀX̄, Ā = −B̄Xᵀ
 * (through the lu and triangularSolve rules).
 * NOTE: A is reported singular (LinAlgError, naming the pivot) when a diagonal entry of U is at most
 * n·ε·max|U| in magnitude (ε of the dtype), i.e. when A is singular to working precision, rather
 * than returning Inf/NaN or meaningless large numbers.
 *
 * @example
 * linalg.solve(tensor([[3, 1], [1, 2]]), tensor([9, 8])); // [2, 3]
 */
export function solve(a: TensorLike, b: TensorLike): Tensor {
  const { A, B, vector } = solveOperands("solve", a, b, true);
  return dropColumn(luSolve("solve", A, B), vector);
}

/**
 * The inverse of a square matrix (batch), as solve(A, I). A singular matrix raises a LinAlgError.
 * d(A⁻¹) = −A⁻¹ dA A⁻¹.
 *
 * @example
 * linalg.inv(tensor([[2, 0], [0, 4]])); // [[0.5, 0], [0, 0.25]]
 */
export function inv(a: TensorLike): Tensor {
  const A = floatMatrix(a, "inv");
  const n = squareDim("inv", A);
  return luSolve("inv", A, broadcastTo(identity(n, A.dtype), A.shape));
}

/**
 * Least-squares solution of A·X ≈ B by QR, for A of full rank: for m ≥ n the X minimising
 * ‖A·X − B‖ (X = R⁻¹QᵀB with A = QR), for m < n the minimum-norm solution of A·X = B
 * (X = Q·R⁻ᵀB with Aᵀ = QR). `b` is a vector (1-D) or a matrix (…, m, k); leading axes broadcast.
 * Returns the solution only (not numpy's residuals, rank and singular values).
 * NOTE: a rank-deficient A (|R_ii| ≤ max(m, n)·ε·max|R|) raises a LinAlgError; for rank-deficient
 * problems use the SVD (pseudo-inverse) explicitly.
 *
 * @example
 * linalg.lstsq(tensor([[1, 0], [1, 1], [1, 2]]), tensor([1, 2, 4])); // intercept and slope [0.833, 1.5]
 */
export function lstsq(a: TensorLike, b: TensorLike): Tensor {
  const { A, B, vector } = solveOperands("lstsq", a, b, false);
  const [m, n] = A.shape.slice(-2) as [number, number];
  const p = {
    lower: false,
    transposeA: m < n,
    unitDiagonal: false,
    singular: {
      op: "lstsq",
      rtol: Math.max(m, n, 1) * epsilonOf(A.dtype),
      factor: "R (the QR factorisation)",
      problem: `the matrix does not have full rank (${Math.min(m, n)})`,
    },
  };
  if (m >= n) {
    const { Q, R } = qr(A);
    return dropColumn(solveTriangular(R, matmul(matrixTranspose(Q), B), p), vector);
  }
  const { Q, R } = qr(matrixTranspose(A));
  return dropColumn(matmul(Q, solveTriangular(R, B, p)), vector);
}
