// Reduced QR factorisation A = Q·R, for tall and wide matrices.
//
// Algorithm: Householder QR in float64 (Golub & Van Loan, Alg. 5.2.1): k = min(m, n) reflections
// H_j = I − β v vᵀ zero column j below the diagonal; Q = H_0⋯H_{k−1} applied to the first k columns
// of the identity. Both run blocked (dense/householder-qr-blocked.ts: panels of 32 columns, the
// trailing updates and Q in compact WY form, as matrix–matrix products in the wasm gemm). 2mn² − 2n³/3 flops for R plus as much again for Q. Backward stable: Q·R = A + E
// with ‖E‖ ≤ c·mnε‖A‖, and Q is orthonormal to working precision (‖QᵀQ − I‖ = O(mε)), unlike
// Gram–Schmidt. Signs are fixed so that diag(R) ≥ 0, which makes the factorisation unique (and
// differentiable) for A of full rank.
import { add, neg, sub } from "../../ops/arithmetic.js";
import { concat } from "../../ops/concat-split.js";
import { tril, triu } from "../../ops/diagonal.js";
import type { TensorLike } from "../../ops/tensor-like.js";
import { completeColumns } from "../complete-columns.js";
import { qrMode, type QrOptions } from "../decomposition-options.js";
import { zeros } from "../../tensor/creation.js";
import { bind } from "../../primitives/bind.js";
import type { MaybeTensor, Primitive } from "../../primitives/primitive.js";
import { registerPrimitive } from "../../primitives/registry.js";
import { batchLeading } from "../../primitives/batching.js";
import { zerosLike } from "../../tensor/creation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { runBatched } from "../batched-kernel.js";
import { householderQrInPlace } from "../dense/householder-qr-blocked.js";
import { applyReflectors } from "../dense/householder-wy.js";
import { floatMatrix, matrixDims } from "../check-matrix.js";
import { columns, matmul, matrixTranspose } from "../matrix-algebra.js";
import { solveTriangularRight, type TriangularSolveParams } from "./triangular-solve.js";
import { powerOfTwoScale } from "../dense/power-of-two-scale.js";

const upper: TriangularSolveParams = { lower: false, transposeA: false, unitDiagonal: false, singular: null };

/** Householder QR of one m×n matrix (overwritten): Q (m×k) and R (k×n), k = min(m, n), diag(R) ≥ 0. */
export function householderQr(a: Float64Array, m: number, n: number): [Float64Array, Float64Array] {
  const k = Math.min(m, n);
  // Scale to max|a| ≈ 1 (by a power of 2: exact) so that column norms neither overflow nor underflow.
  const scale = powerOfTwoScale(a);
  const scaled = scale > 0 && Number.isFinite(scale);
  if (scaled) for (let i = 0; i < a.length; i++) a[i]! /= scale;
  const reflectors = householderQrInPlace(a, m, n);
  // Q = H_0 H_1 ⋯ H_{k−1} [I_k; 0], in blocks of reflectors.
  const q = new Float64Array(m * k);
  for (let i = 0; i < k; i++) q[i * k + i] = 1;
  applyReflectors(q, m, k, reflectors);
  const r = new Float64Array(k * n);
  for (let i = 0; i < k; i++) {
    const s = a[i * n + i]! < 0 ? -1 : 1;
    const f = scaled ? s * scale : s;
    for (let c = i; c < n; c++) r[i * n + c] = a[i * n + c]! === 0 ? 0 : f * a[i * n + c]!; // no −0
    if (s < 0) for (let row = 0; row < m; row++) q[row * k + i] = 0 - q[row * k + i]!;
  }
  return [q, r];
}

/**
 * The square-or-tall rule (m ≥ n, R invertible), Walter & Lehmann 2018 / Seeger et al. 2017:
 * with C = Qᵀ dA R⁻¹ and Ω = tril(C, −1) − tril(C, −1)ᵀ (Ω = QᵀdQ is antisymmetric),
 *   dQ = Q(Ω − C) + dA R⁻¹,   dR = (C − Ω) R.
 */
function tallJvp(q: Tensor, r: Tensor, da: Tensor): [Tensor, Tensor] {
  const d = solveTriangularRight(r, da, upper);
  const c = matmul(matrixTranspose(q), d);
  const low = tril(c, -1);
  const omega = sub(low, matrixTranspose(low));
  return [add(matmul(q, sub(omega, c)), d), matmul(sub(c, omega), r)];
}

/**
 * Its adjoint: with M = R̄Rᵀ − QᵀQ̄ and copyltu(M) = triu(M) + triu(M, 1)ᵀ,
 *   Ā = (Q̄ + Q·copyltu(M)) R⁻ᵀ.
 */
function tallVjp(q: Tensor, r: Tensor, qBar: MaybeTensor, rBar: MaybeTensor): Tensor {
  const rrt = rBar === null ? null : matmul(rBar, matrixTranspose(r));
  const qtq = qBar === null ? null : matmul(matrixTranspose(q), qBar);
  const m = rrt === null ? neg(qtq!) : qtq === null ? rrt : sub(rrt, qtq);
  const qn = matmul(q, add(triu(m), matrixTranspose(triu(m, 1))));
  return solveTriangularRight(r, qBar === null ? qn : add(qBar, qn), { ...upper, transposeA: true });
}

/**
 * Reduced QR: Q (m×k) with orthonormal columns and R (k×n) upper triangular with diag(R) ≥ 0,
 * k = min(m, n). For m ≥ n the rules above apply; for m < n, A = [X | Y] with X square:
 * (Q, R_X) = qr(X) and R_Y = QᵀY, so dR_Y = dQᵀY + QᵀdY, Ȳ = Q R̄_Y and X gets Q̄ + Y R̄_Yᵀ.
 * Differentiable where the leading k columns have full rank (R_ii > 0).
 */
export const qrP: Primitive = {
  name: "qr",
  differentiable: true,
  vmap: batchLeading,
  shape([a]) {
    const [m, n] = matrixDims("qr", a!);
    const k = Math.min(m, n);
    const batch = a!.shape.slice(0, -2);
    return [
      { shape: [...batch, m, k], dtype: a!.dtype },
      { shape: [...batch, k, n], dtype: a!.dtype },
    ];
  },
  impl([a], _p, outs) {
    const [m, n] = a!.shape.slice(-2) as [number, number];
    return runBatched(a!.shape.slice(0, -2), [a!], outs, ([ab]) => householderQr(ab!, m, n));
  },
  jvp([a], [ta]) {
    const [q, r] = bind(qrP, [a!], {}) as [Tensor, Tensor];
    const [m, n] = a!.shape.slice(-2) as [number, number];
    if (m >= n) return [[q, r], tallJvp(q, r, ta!)];
    const [dq, drx] = tallJvp(q, columns(r, 0, m), columns(ta!, 0, m));
    const dry = add(matmul(matrixTranspose(dq), columns(a!, m, n - m)), matmul(matrixTranspose(q), columns(ta!, m, n - m)));
    return [[q, r], [dq, concat([drx, dry], -1)]];
  },
  vjp([a], [q, r], [qBar, rBar]) {
    if (qBar === null && rBar === null) return [null];
    const [m, n] = a!.shape.slice(-2) as [number, number];
    if (m >= n) return [tallVjp(q!, r!, qBar ?? null, rBar ?? null)];
    const y = columns(a!, m, n - m);
    const rxBar = rBar ? columns(rBar, 0, m) : null;
    const ryBar = rBar ? columns(rBar, m, n - m) : null;
    const qTotal = ryBar === null ? qBar! : qBar ? add(qBar, matmul(y, matrixTranspose(ryBar))) : matmul(y, matrixTranspose(ryBar));
    const xBar = tallVjp(q!, columns(r!, 0, m), qTotal, rxBar);
    const yBar = ryBar === null ? zerosLike(y) : matmul(q!, ryBar);
    return [concat([xBar, yBar], -1)];
  },
  testSpec: [
    { args: [{ shape: [4, 3] }], params: {} },
    { args: [{ shape: [3, 3] }], params: {} },
    { args: [{ shape: [2, 3, 5] }], params: {} },
  ],
};
registerPrimitive(qrP);

/** The result of `qr`. */
export interface QrResult {
  /** m×k with orthonormal columns. */
  Q: Tensor;
  /** k×n upper triangular (trapezoidal when n > m), diag(R) ≥ 0. */
  R: Tensor;
}

/**
 * Reduced QR factorisation A = Q·R of a matrix (batch) of any shape, k = min(m, n): QᵀQ = I_k and R
 * upper triangular with a non-negative diagonal (unique for full rank). Derivatives need the leading
 * k columns to have full rank; at a rank-deficient A they are not finite. `mode` (PyTorch's):
 * "reduced" (default); "complete": Q m×m (for m > n its last m − n columns are an orthonormal basis
 * of the complement, not unique, and carry no derivative) and R m×n; "r": R only, Q an empty tensor.
 *
 * @example
 * const { Q, R } = linalg.qr(tensor([[3, 1], [4, 2]])); // R = [[5, 2.2], [0, 0.4]]
 */
export function qr(a: TensorLike, opts?: QrOptions): QrResult {
  const mode = qrMode(opts, "qr");
  const A = floatMatrix(a, "qr");
  const [Q, R] = bind(qrP, [A], {}) as [Tensor, Tensor];
  const [m, n] = A.shape.slice(-2) as [number, number];
  if (mode === "r") return { Q: zeros([0], { dtype: A.dtype }), R };
  if (mode === "reduced" || m <= n) return { Q, R };
  return { Q: completeColumns(Q), R: concat([R, zeros([...A.shape.slice(0, -2), m - n, n], { dtype: A.dtype })], -2) };
}

