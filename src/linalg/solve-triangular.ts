import { argumentError, checkBoolean, checkOptionNames } from "../core/validate.js";
import type { TensorLike } from "../ops/tensor-like.js";
import type { Tensor } from "../tensor/tensor.js";
import { solveTriangular as solveTriangularP, solveTriangularRight, type TriangularSolveParams } from "./primitives/triangular-solve.js";
import { dropRhsAxis, squareAndRhs } from "./square-and-rhs.js";

/** Options of `solveTriangular` (torch.linalg.solve_triangular's names). */
export interface SolveTriangularOptions {
  /** Use the upper triangle of A (true) or the lower one (false); required. */
  upper: boolean;
  /** Solve A·X = B (true, default) or X·A = B (false). */
  left?: boolean;
  /** Take the diagonal of A as ones without reading it (default false). */
  unitriangular?: boolean;
}

/**
 * Solves A·X = B (or X·A = B with `left: false`) for a triangular A given as its upper or lower
 * triangle, under PyTorch's names (`triangularSolve` with `lower`, `unitDiagonal` is the same
 * operation): `b` is a matrix (…, n, k) ((…, k, n) with `left: false`) or a vector; leading axes
 * broadcast. dX = A⁻¹(dB − dA·X), B̄ = A⁻ᵀX̄, Ā = −tri(B̄Xᵀ). A zero on the diagonal raises a LinAlgError.
 *
 * @example
 * linalg.solveTriangular(tensor([[2, 1], [0, 1]]), tensor([[4], [2]]), { upper: true }); // [[1], [2]]
 */
export function solveTriangular(a: TensorLike, b: TensorLike, opts: SolveTriangularOptions): Tensor {
  const o = checkOptionNames<SolveTriangularOptions>(opts, "solveTriangular", ["upper", "left", "unitriangular"]);
  if (typeof o.upper !== "boolean") throw argumentError("solveTriangular", "options.upper", "a boolean (it is required)", o.upper);
  const left = o.left === undefined ? true : checkBoolean(o.left, "solveTriangular", "options.left");
  const unit = o.unitriangular === undefined ? false : checkBoolean(o.unitriangular, "solveTriangular", "options.unitriangular");
  const { A, B, vector } = squareAndRhs("solveTriangular", a, b, "A", "B", left);
  const p: TriangularSolveParams = {
    lower: !o.upper,
    transposeA: false,
    unitDiagonal: unit,
    singular: { op: "solveTriangular", rtol: 0, factor: "A" },
  };
  return dropRhsAxis(left ? solveTriangularP(A, B, p) : solveTriangularRight(A, B, p), vector, left);
}
