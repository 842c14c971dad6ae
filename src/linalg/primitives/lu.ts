// LU factorisation with partial pivoting, A = P·L·U (scipy's convention).
//
// Algorithm: recursive blocked Gaussian elimination in float64 (dense/lu-recursive.ts: matrix–matrix
// products on the wasm gemm); at step k the row with the largest |a_ik| (i ≥ k) becomes the pivot
// row, so |L_ij| ≤ 1. 2n³/3 flops. Backward stable in
// practice: P·L·U = A + E with |E| ≤ γ_n·|L||U| (Higham, ASNA Thm 9.3); the growth factor is
// ≤ 2ⁿ⁻¹ in theory and small for all but contrived matrices. A zero pivot (singular A) is kept: U
// then has a zero on its diagonal and `det` is 0; `solve` checks U and reports the singularity.
import { add, neg, sub } from "../../ops/arithmetic.js";
import { concat } from "../../ops/concat-split.js";
import { slice } from "../../ops/indexing.js";
import { ShapeError } from "../../core/errors.js";
import { tril, triu } from "../../ops/diagonal.js";
import { bind } from "../../primitives/bind.js";
import type { Aval, MaybeTensor, Primitive } from "../../primitives/primitive.js";
import { registerPrimitive } from "../../primitives/registry.js";
import { batchLeading } from "../../primitives/batching.js";
import type { Tensor } from "../../tensor/tensor.js";
import type { TensorLike } from "../../ops/tensor-like.js";
import { allocArray, type TypedArray } from "../../core/dtype.js";
import { showShape, sizeOf } from "../../core/shape.js";
import { fromData, zerosLike } from "../../tensor/creation.js";
import { luInPlace, luOf } from "../dense/lu-recursive.js";
import { floatMatrix, matrixDims } from "../check-matrix.js";
import { matmul, matrixTranspose } from "../matrix-algebra.js";
import { solveTriangular, solveTriangularRight, type TriangularSolveParams } from "./triangular-solve.js";
import { checkPivot, type LuOptions } from "../lu-options.js";
import { luRectangular } from "../lu-rectangular.js";

const unitLower: TriangularSolveParams = { lower: true, transposeA: false, unitDiagonal: true, singular: null };
const upper: TriangularSolveParams = { lower: false, transposeA: false, unitDiagonal: false, singular: null };

/** Rows [r0, r1) of the last two axes of `x`. */
function rows(x: Tensor, r0: number, r1: number): Tensor {
  const lead = x.shape.slice(0, -2);
  return slice(x, [...lead.map(() => 0), r0, 0], [...lead, r1 - r0, x.shape[x.ndim - 1]!]);
}

/**
 * Factors every m×n (m ≥ n) matrix of `a` (float64 or float32 data) straight into the outputs' arrays
 * (P, L, U, the signs, the pivots): each matrix is copied into the factorisation's array once, and L
 * and U are copied out of it once (see `luOf`), with no float64 blocks in between.
 */
function factorAll(a: Float64Array | Float32Array, m: number, n: number, count: number, outs: readonly Aval[]): Tensor[] {
  const [p, l, u, signs, pivots] = outs.map((o) => allocArray(o.dtype, sizeOf(o.shape))) as [TypedArray, TypedArray, TypedArray, TypedArray, Int32Array];
  const mn = m * n;
  for (let b = 0; b < count; b++) {
    const ipiv = pivots.subarray(b * n, (b + 1) * n);
    const [perm, sign] = luOf(a.subarray(b * mn, (b + 1) * mn), n, ipiv, (d) => splitFactors(d, m, n, l, u, b), m);
    for (let i = 0; i < m; i++) p[b * m * m + perm[i]! * m + i] = 1; // (P·L·U)[perm[i]] = (L·U)[i]
    signs[b] = sign;
  }
  return [p, l, u, signs, pivots].map((x, i) => fromData(x, outs[i]!.shape, outs[i]!.dtype));
}

/** L (m×n, unit diagonal) and U (n×n) of batch entry b in the zero-filled `l` and `u` from the compact m×n factors `d`. */
function splitFactors(d: Float64Array, m: number, n: number, l: TypedArray, u: TypedArray, b: number): void {
  const lo = b * m * n;
  const uo = b * n * n;
  for (let i = 0, row = 0; i < m; i++, row += n) {
    if (i >= n) {
      l.set(d.subarray(row, row + n), lo + row);
      continue;
    }
    l.set(d.subarray(row, row + i), lo + row);
    l[lo + row + i] = 1;
    u.set(d.subarray(row + i, row + n), uo + i * n + i);
  }
}

/**
 * Gaussian elimination with partial pivoting in place: afterwards `a` holds L (strictly below the
 * diagonal, unit diagonal implied) and U, with (L·U)[i] = A[perm[i]]; returns perm and det P.
 */
export function eliminate(a: Float64Array, n: number): [number[], number] {
  return luInPlace(a, n);
}

/**
 * LU with partial pivoting of an n×n or tall m×n A (m > n, getrf's n steps): outputs P (m×m
 * permutation matrix), L (m×n unit lower), U (n×n upper) with A = P·L·U, det P = ±1 and LAPACK's pivots (int32 [..., n], 1-based: row i was swapped with row
 * pivots[i] − 1 at step i). P, its sign and the pivots are piecewise constant (zero derivative). With
 * X = L⁻¹ Pᵀ dA U⁻¹ (Giles 2008, §3.1; L⁻¹dL is strictly lower, dU·U⁻¹ upper):
 *   dL = L·tril(X, −1),   dU = triu(X)·U
 *   Ā  = P·L⁻ᵀ (tril(Lᵀ L̄, −1) + triu(Ū Uᵀ)) U⁻ᵀ
 * At a singular A (a zero on U's diagonal) these are not finite.
 */
export const luP: Primitive = {
  name: "lu",
  differentiable: true,
  vmap: batchLeading,
  shape([a]) {
    const [m, n] = matrixDims("lu", a!);
    if (m < n) throw new ShapeError(`lu: the argument must have at least as many rows as columns (…, m, n), m ≥ n, got shape ${showShape(a!.shape)}`);
    const batch = a!.shape.slice(0, -2);
    const dtype = a!.dtype;
    return [{ shape: [...batch, m, m], dtype }, { shape: a!.shape, dtype }, { shape: [...batch, n, n], dtype }, { shape: batch, dtype }, { shape: [...batch, n], dtype: "int32" }];
  },
  impl([a], _p, outs) {
    const [m, n] = a!.shape.slice(-2) as [number, number];
    return factorAll(a!._data as Float64Array | Float32Array, m, n, sizeOf(a!.shape.slice(0, -2)), outs);
  },
  jvp([a], [ta]) {
    const outs = bind(luP, [a!], {});
    const [p, l, u] = outs as [Tensor, Tensor, Tensor];
    const [m, n] = a!.shape.slice(-2) as [number, number];
    const pt = matmul(matrixTranspose(p), ta!);
    if (m === n) {
      const x = solveTriangularRight(u, solveTriangular(l, pt, unitLower), upper);
      return [outs, [null, matmul(l, tril(x, -1)), matmul(triu(x), u), null, null]];
    }
    // Tall, L = [L₁; L₂]: with X = L₁⁻¹(PᵀdA)₁U⁻¹ as above, dL₂ = (PᵀdA)₂U⁻¹ − L₂·triu(X)
    // (from (PᵀdA)₂ = dL₂·U + L₂·dU).
    const [l1, l2] = [rows(l, 0, n), rows(l, n, m)];
    const x = solveTriangularRight(u, solveTriangular(l1, rows(pt, 0, n), unitLower), upper);
    const dl2 = sub(solveTriangularRight(u, rows(pt, n, m), upper), matmul(l2, triu(x)));
    return [outs, [null, concat([matmul(l1, tril(x, -1)), dl2], -2), matmul(triu(x), u), null, null]];
  },
  vjp([a], [p, l, u], [, lBar, uBar]) {
    const [m, n] = a!.shape.slice(-2) as [number, number];
    // Tall: the adjoint of the jvp, X̄ = tril(L₁ᵀL̄₁, −1) + triu(ŪUᵀ) − triu(L₂ᵀL̄₂) and
    // Ā = P·[L₁⁻ᵀX̄U⁻ᵀ; L̄₂U⁻ᵀ]; square: L₂ is empty.
    const l1 = m === n ? l! : rows(l!, 0, n);
    let xBar: MaybeTensor = null;
    if (lBar) xBar = tril(matmul(matrixTranspose(l1), m === n ? lBar : rows(lBar, 0, n)), -1);
    if (uBar) {
      const t = triu(matmul(uBar, matrixTranspose(u!)));
      xBar = xBar === null ? t : add(xBar, t);
    }
    if (m > n && lBar) {
      const t = triu(matmul(matrixTranspose(rows(l!, n, m)), rows(lBar, n, m)));
      xBar = xBar === null ? neg(t) : sub(xBar, t);
    }
    if (xBar === null) return [null];
    const top = solveTriangularRight(u!, solveTriangular(l1, xBar, { ...unitLower, transposeA: true }), { ...upper, transposeA: true });
    if (m === n) return [matmul(p!, top)];
    const bottom = lBar ? solveTriangularRight(u!, rows(lBar, n, m), { ...upper, transposeA: true }) : zerosLike(rows(a!, n, m));
    return [matmul(p!, concat([top, bottom], -2))];
  },
  testSpec: [
    { args: [{ shape: [3, 3] }], params: {} },
    { args: [{ shape: [2, 4, 4] }], params: {} },
    { args: [{ shape: [5, 3] }], params: {} },
    { args: [{ shape: [2, 4, 2] }], params: {} },
  ],
};
registerPrimitive(luP);

/** The result of `lu`: A = P·L·U. */
export interface LuResult {
  /** Permutation matrix. */
  P: Tensor;
  /** Unit lower-triangular factor (|L_ij| ≤ 1). */
  L: Tensor;
  /** Upper-triangular factor. */
  U: Tensor;
}

/** P, L, U, det P and the pivots (int32, 1-based) of the primitive (for det, slogdet, solve, luFactor). */
export function luFactors(a: Tensor): [Tensor, Tensor, Tensor, Tensor, Tensor] {
  return bind(luP, [a], {}) as [Tensor, Tensor, Tensor, Tensor, Tensor];
}

/**
 * LU factorisation with partial pivoting of a matrix (batch): A = P·L·U with P a permutation
 * matrix (m×m), L unit lower triangular (m×k), U upper triangular (k×n), k = min(m, n)
 * (scipy.linalg.lu's and torch.linalg.lu's convention; non-square: `luRectangular`).
 * Differentiable where A is nonsingular (P is locally constant). `{ pivot: false }` raises (see `luFactor`).
 *
 * @example
 * const { P, L, U } = linalg.lu(tensor([[1, 2], [3, 4]])); // P = [[0, 1], [1, 0]], U = [[3, 4], [0, 0.667]]
 */
export function lu(a: TensorLike, opts?: LuOptions): LuResult {
  checkPivot(opts, "lu");
  const A = floatMatrix(a, "lu");
  const [m, n] = A.shape.slice(-2) as [number, number];
  if (m !== n) {
    const { P, L, U } = luRectangular(A);
    return { P, L, U };
  }
  const [P, L, U] = luFactors(A);
  return { P, L, U };
}
