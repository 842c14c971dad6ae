// Least squares (numpy.linalg.lstsq, torch.linalg.lstsq): the minimum-norm solution from the SVD,
// or from QR for full-rank problems (driver "gels"), with residuals, rank and singular values.
import { argumentError, checkFiniteNumber, checkOptionNames } from "../core/validate.js";
import { mul, square, sub } from "../ops/arithmetic.js";
import { cast } from "../ops/cast.js";
import { greater, where } from "../ops/comparison.js";
import { max, sum } from "../ops/reductions.js";
import { unsqueeze } from "../ops/shape-ops.js";
import type { TensorLike } from "../ops/tensor-like.js";
import { stopGradient } from "../primitives/other/stop-gradient.js";
import { zeros } from "../tensor/creation.js";
import type { Tensor } from "../tensor/tensor.js";
import { epsilonOf } from "./check-matrix.js";
import { matmul, matrixTranspose, reciprocalOrZero } from "./matrix-algebra.js";
import { qr } from "./primitives/qr.js";
import { svd } from "./primitives/svd.js";
import { solveTriangular } from "./primitives/triangular-solve.js";
import { dropColumn, solveOperands } from "./solve.js";

/** Options of `lstsq` (PyTorch's names). */
export interface LstsqOptions {
  /** Singular values s ≤ rcond·max(s) count as zero (default max(m, n)·ε of the dtype); SVD drivers only. */
  rcond?: number;
  /** "gelsd" (default), "gelss", "gelsy": minimum-norm solution from the SVD; "gels": QR, A must have full rank. */
  driver?: "gels" | "gelsy" | "gelsd" | "gelss";
}

/** The result of `lstsq`. */
export interface LstsqResult {
  /** X (…, n, k), or (…, n) for a vector b: the minimiser of ‖A·X − B‖ of least norm. */
  solution: Tensor;
  /** ‖A·X − B‖² per column (…, k), (…, 1) for a vector b, when m > n, A has full rank and the driver is not "gelsy"; else empty. */
  residuals: Tensor;
  /** int32 numerical rank per matrix (…); an empty tensor for "gels". */
  rank: Tensor;
  /** Singular values of A (…, min(m, n)), descending, for "gelsd" and "gelss"; an empty tensor otherwise. */
  singularValues: Tensor;
}

const DRIVERS: readonly unknown[] = ["gels", "gelsy", "gelsd", "gelss"];

/** X = R⁻¹QᵀB (m ≥ n) or Q·R⁻ᵀB (m < n, Aᵀ = QR): the QR route, for A of full rank. */
function qrSolve(A: Tensor, B: Tensor): Tensor {
  const [m, n] = A.shape.slice(-2) as [number, number];
  const p = {
    lower: false,
    transposeA: m < n,
    unitDiagonal: false,
    singular: {
      op: "lstsq",
      rtol: Math.max(m, n, 1) * epsilonOf(A.dtype),
      factor: "R (the QR factorisation)",
      problem: `the matrix does not have full rank (${Math.min(m, n)}; use a driver other than "gels")`,
    },
  };
  if (m >= n) {
    const { Q, R } = qr(A);
    return solveTriangular(R, matmul(matrixTranspose(Q), B), p);
  }
  const { Q, R } = qr(matrixTranspose(A));
  return matmul(Q, solveTriangular(R, B, p));
}

/** Whether every entry of `rank` is n (true for "gels"'s empty rank, and for traced ranks, which cannot be read). */
function fullRank(rank: Tensor, n: number): boolean {
  const r = rank._data;
  return r === null || r.every((k) => k === n);
}

/**
 * Least-squares solution of A·X ≈ B for A (…, m, n) of any shape and rank: the X of least norm
 * among the minimisers of ‖A·X − B‖ (numpy's and PyTorch's answer), X = V·diag(s⁺)·Uᵀ·B with
 * s⁺_i = 1/s_i for s_i > rcond·max(s), else 0. `b` is a vector (1-D) or a matrix (…, m, k);
 * leading axes broadcast. Returns { solution, residuals, rank, singularValues } (PyTorch's fields).
 * Differentiable where the rank is locally constant (through the svd rules; the "gels" driver
 * through QR).
 * NOTE: "gelsy", "gelsd" and "gelss" all use the SVD here (the same minimum-norm solution; LAPACK's
 * drivers differ in speed). Which fields are filled follows torch.linalg.lstsq: singular values only
 * for "gelsd"/"gelss", no rank for "gels", and residuals (…, k) — (…, 1) for a vector b, as numpy
 * too — only when m > n, the driver is not "gelsy", and every matrix of the batch has full rank n
 * (numpy's rule as well); otherwise an empty tensor. The default driver is "gelsd" (PyTorch's CPU
 * default "gelsy" returns neither residuals nor singular values; numpy and JAX return both).
 *
 * @example
 * linalg.lstsq(tensor([[1, 0], [1, 1], [1, 2]]), tensor([1, 2, 4])).solution; // [0.833, 1.5]
 */
export function lstsq(a: TensorLike, b: TensorLike, opts?: LstsqOptions): LstsqResult {
  const o = checkOptionNames<LstsqOptions>(opts, "lstsq", ["rcond", "driver"]);
  const driver = o.driver ?? "gelsd";
  if (!DRIVERS.includes(driver)) throw argumentError("lstsq", "options.driver", `"gels", "gelsy", "gelsd" or "gelss"`, driver);
  if (o.rcond !== undefined) checkFiniteNumber(o.rcond, "lstsq", "options.rcond");
  if (o.rcond !== undefined && driver === "gels") throw argumentError("lstsq", "options.rcond", `unset with driver "gels" (QR has no cutoff)`, o.rcond);
  const { A, B, vector } = solveOperands("lstsq", a, b, false);
  const [m, n] = A.shape.slice(-2) as [number, number];
  const batch = A.shape.slice(0, -2);
  const empty = zeros([0], { dtype: A.dtype });
  let X: Tensor;
  let rank: Tensor = zeros([0], { dtype: "int32" });
  let singularValues = empty;
  if (driver === "gels") X = qrSolve(A, B);
  else {
    const { U, S, Vh } = svd(A);
    const rcond = o.rcond !== undefined && o.rcond > 0 ? o.rcond : Math.max(m, n, 1) * epsilonOf(A.dtype);
    const tol = Math.min(m, n) === 0 ? 0 : mul(stopGradient(max(S, -1, true)), rcond);
    X = matmul(matrixTranspose(Vh), mul(unsqueeze(reciprocalOrZero(S, tol), -1), matmul(matrixTranspose(U), B)));
    rank = Math.min(m, n) === 0 ? zeros(batch, { dtype: "int32" }) : cast(sum(where(greater(S, tol), 1, 0), -1), "int32");
    if (driver !== "gelsy") singularValues = S;
  }
  const residuals = m > n && driver !== "gelsy" && fullRank(rank, n) ? sum(square(sub(matmul(A, X), B)), -2) : empty;
  return { solution: dropColumn(X, vector), residuals, rank, singularValues };
}
