// Cholesky factorisation A = L·Lᵀ of a symmetric positive-definite matrix.
//
// Algorithm: recursive blocked Cholesky in float64 (dense/cholesky-blocked.ts: matrix–matrix
// products on the wasm gemm, row by row Cholesky–Banachiewicz below 48×48), n³/3 multiply-adds. It is backward stable without pivoting: L·Lᵀ = A + E with
// |E| ≤ (n+1)ε·|L||Lᵀ| (Higham, ASNA Thm 10.3), and it fails exactly when a leading minor is not
// positive, which is how non-positive-definiteness is reported.
import { checkBoolean, checkOptionNames } from "../../core/validate.js";
import { mul, sub } from "../../ops/arithmetic.js";
import { tril } from "../../ops/diagonal.js";
import { bind1 } from "../../primitives/bind.js";
import type { Primitive } from "../../primitives/primitive.js";
import { registerPrimitive } from "../../primitives/registry.js";
import { batchLeading } from "../../primitives/batching.js";
import type { Tensor } from "../../tensor/tensor.js";
import type { TensorLike } from "../../ops/tensor-like.js";
import { batchLabel, runBatched } from "../batched-kernel.js";
import { floatMatrix, squareDim } from "../check-matrix.js";
import { choleskyInPlace } from "../dense/cholesky-blocked.js";
import { LinAlgError } from "../linalg-error.js";
import { identity, matmul, matrixTranspose, symmetrize } from "../matrix-algebra.js";
import { solveTriangular, solveTriangularRight, type TriangularSolveParams } from "./triangular-solve.js";

const lowerSolve: TriangularSolveParams = { lower: true, transposeA: false, unitDiagonal: false, singular: null };

/** Params of the cholesky primitive. */
export interface CholeskyParams {
  /** Mark a failing pivot (and what depends on it) NaN instead of raising (for `choleskyEx`). */
  readonly lenient?: boolean;
}

/** Tile of `symmetrizeLower`: the transposed reads stay within a few cache lines per row. */
const TILE = 32;

/** The strict lower triangle of the n×n row-major `a` becomes that of (A + Aᵀ)/2 (tile by tile). */
function symmetrizeLower(a: Float64Array, n: number): void {
  for (let i0 = 0; i0 < n; i0 += TILE)
    for (let j0 = 0; j0 <= i0; j0 += TILE)
      for (let i = i0, ie = Math.min(n, i0 + TILE); i < ie; i++)
        for (let j = j0, je = Math.min(i, j0 + TILE); j < je; j++) a[i * n + j] = (a[i * n + j]! + a[j * n + i]!) / 2;
}

/** Factors one symmetric n×n matrix (its symmetric part) into its lower Cholesky factor. */
function factor(a: Float64Array, n: number, label: string, lenient = false): Float64Array {
  symmetrizeLower(a, n);
  choleskyInPlace(a, n, (i, s) => {
    if (!lenient)
      throw new LinAlgError(
        `cholesky: the matrix is not positive definite${label}: pivot ${i} is ${s} ` +
          `(the leading ${i + 1}×${i + 1} minor is not positive)`,
      );
  });
  for (let i = 0; i < n; i++) a.fill(0, i * n + i + 1, (i + 1) * n);
  return a;
}

/** Φ(X): the lower triangle of X with its diagonal halved. */
function phi(x: Tensor): Tensor {
  return sub(tril(x), mul(x, mul(identity(x.shape[x.ndim - 1]!, x.dtype), 0.5)));
}

/**
 * The lower Cholesky factor L of sym(A) = (A + Aᵀ)/2. With S = sym(A), S = L·Lᵀ:
 *   dL = L·Φ(L⁻¹ dS L⁻ᵀ)                           (Murray 2016, eq. 8; Giles 2008)
 *   Ā  = sym(L⁻ᵀ Φ(Lᵀ L̄) L⁻¹)                     (the adjoint of the map above; Φ is a mask)
 * NOTE: the input is symmetrised, so the function and its derivatives agree for any perturbation
 * and the gradient is symmetric (PyTorch's and JAX's convention).
 */
export const choleskyP: Primitive<CholeskyParams> = {
  name: "cholesky",
  differentiable: true,
  vmap: batchLeading,
  shape([a]) {
    squareDim("cholesky", a!);
    return [{ shape: a!.shape, dtype: a!.dtype }];
  },
  impl([a], p, outs) {
    const n = a!.shape[a!.ndim - 1]!;
    const batch = a!.shape.slice(0, -2);
    return runBatched(batch, [a!], outs, ([ab], b) => [factor(ab!, n, batchLabel(batch, b), p.lenient === true)]);
  },
  jvp([a], [ta], p) {
    const l = bind1(choleskyP, [a!], p);
    const x = solveTriangularRight(l, solveTriangular(l, symmetrize(ta!), lowerSolve), { ...lowerSolve, transposeA: true });
    return [[l], [matmul(l, phi(x))]];
  },
  vjp([_a], [l], [ct]) {
    const p = phi(matmul(matrixTranspose(l!), ct!));
    const m = solveTriangularRight(l!, solveTriangular(l!, p, { ...lowerSolve, transposeA: true }), lowerSolve);
    return [symmetrize(m)];
  },
  testSpec: [
    { args: [{ shape: [3, 3], structure: "spd" }], params: {} },
    { args: [{ shape: [2, 4, 4], structure: "spd" }], params: {} },
  ],
};
registerPrimitive(choleskyP);

/** Options of `cholesky` and `choleskyEx` (PyTorch's names). */
export interface CholeskyOptions {
  /** Return the upper factor U = Lᵀ (A = UᵀU) instead of L (default false). */
  upper?: boolean;
}

/** The `upper` option of `fn`, checked (unknown option names raise). */
export function choleskyUpper(opts: unknown, fn: string): boolean {
  const o = checkOptionNames<CholeskyOptions>(opts, fn, ["upper"]);
  return o.upper === undefined ? false : checkBoolean(o.upper, fn, "options.upper");
}

/**
 * The lower Cholesky factor L of a symmetric positive-definite matrix, A = L·Lᵀ, batched over
 * leading axes, or with `{ upper: true }` the upper factor U = Lᵀ, A = Uᵀ·U. Only the symmetric
 * part (A + Aᵀ)/2 is used. A matrix that is not positive definite raises a LinAlgError naming the
 * failing pivot (its index and value) and, for batches, the batch index (`choleskyEx` reports it).
 *
 * @example
 * linalg.cholesky(tensor([[4, 2], [2, 3]])); // [[2, 0], [1, 1.4142]]
 */
export function cholesky(a: TensorLike, opts?: CholeskyOptions): Tensor {
  const upper = choleskyUpper(opts, "cholesky");
  const l = bind1(choleskyP, [floatMatrix(a, "cholesky")], {});
  return upper ? matrixTranspose(l) : l;
}
