import { checkBoolean, checkOptionNames } from "../core/validate.js";
import { broadcastTo } from "../ops/shape-ops.js";
import type { TensorLike } from "../ops/tensor-like.js";
import type { Tensor } from "../tensor/tensor.js";
import { floatMatrix, squareDim } from "./check-matrix.js";
import { identity } from "./matrix-algebra.js";
import { solveTriangular, type TriangularSolveParams } from "./primitives/triangular-solve.js";
import { dropRhsAxis, squareAndRhs } from "./square-and-rhs.js";

/** Options of `choleskySolve` and `choleskyInverse`. */
export interface CholeskySolveOptions {
  /** The factor is upper triangular, A = UᵀU (default false: lower, A = L·Lᵀ). */
  upper?: boolean;
}

/** X = A⁻¹B for A = L·Lᵀ (or UᵀU) by two triangular solves: L⁻ᵀ(L⁻¹B). */
function cholSolve(fn: string, L: Tensor, B: Tensor, upper: boolean): Tensor {
  const p: TriangularSolveParams = { lower: !upper, transposeA: upper, unitDiagonal: false, singular: { op: fn, rtol: 0, factor: "the Cholesky factor" } };
  return solveTriangular(L, solveTriangular(L, B, p), { ...p, transposeA: !upper });
}

function upperOption(fn: string, opts: CholeskySolveOptions | undefined): boolean {
  const o = checkOptionNames<CholeskySolveOptions>(opts, fn, ["upper"]);
  return o.upper === undefined ? false : checkBoolean(o.upper, fn, "options.upper");
}

/**
 * Solves A·X = B given the Cholesky factor of A (torch.cholesky_solve's argument order: `b`, then
 * the factor): lower L with A = L·Lᵀ (default) or, with `upper: true`, U with A = UᵀU; only that
 * triangle is read. `b` is (…, n, k) or a vector; leading axes broadcast. Differentiable in `b` and in
 * the factor through the triangular-solve rules (dX = −A⁻¹dA·X with dA = dL·Lᵀ + L·dLᵀ).
 *
 * @example
 * const L = linalg.cholesky(tensor([[4, 2], [2, 3]]));
 * linalg.choleskySolve(tensor([6, 5]), L); // [1, 1]
 */
export function choleskySolve(b: TensorLike, factor: TensorLike, opts?: CholeskySolveOptions): Tensor {
  const upper = upperOption("choleskySolve", opts);
  const { A, B, vector } = squareAndRhs("choleskySolve", factor, b, "the Cholesky factor", "b");
  return dropRhsAxis(cholSolve("choleskySolve", A, B, upper), vector);
}

/**
 * The inverse of A = L·Lᵀ (or UᵀU with `upper: true`) from its Cholesky factor (batch), as
 * torch.cholesky_inverse: A⁻¹ = L⁻ᵀL⁻¹, symmetric. d(A⁻¹) = −A⁻¹dA A⁻¹.
 *
 * @example
 * linalg.choleskyInverse(tensor([[2, 0], [1, 1]])); // inverse of [[4, 2], [2, 2]]: [[0.5, -0.5], [-0.5, 1]]
 */
export function choleskyInverse(factor: TensorLike, opts?: CholeskySolveOptions): Tensor {
  const upper = upperOption("choleskyInverse", opts);
  const L = floatMatrix(factor, "choleskyInverse", "the Cholesky factor");
  const n = squareDim("choleskyInverse", L, "the Cholesky factor");
  return cholSolve("choleskyInverse", L, broadcastTo(identity(n, L.dtype), L.shape), upper);
}
