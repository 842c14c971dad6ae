// Reduced singular value decomposition A = U·diag(s)·Vᵀ, for tall and wide matrices.
//
// Algorithm: one-sided Jacobi (Hestenes 1958; Demmel & Veselić 1992) in float64, preconditioned by
// QR (Drmač & Veselić 2008). A wide A is decomposed as Aᵀ = V·diag(s)·Uᵀ; a tall one has its columns
// ordered by decreasing norm and is factored A·P = Q·R (Householder), and Jacobi runs on the square
// Rᵀ: plane rotations of column pairs (p, q), accumulated into V, make all columns mutually
// orthogonal; a pair is rotated while |x_pᵀx_q| > ε·‖x_p‖‖x_q‖, and a sweep without rotations ends
// the iteration (quadratic convergence: about 8–14 sweeps of ≈ 5n³ flops for random n×n matrices,
// e.g. ~0.2 s for 64×64 and ~1–2 s for 256×256 or 784×256 in plain JS). Then s_i = ‖x_i‖, the
// left vectors are the normalised columns. Backward stable; singular values come with high relative
// accuracy when A = B·D with B well conditioned (D a diagonal scaling); U and V are orthonormal to
// working precision. Columns with s_i = 0 get an orthonormal completion, so U and V always have
// orthonormal columns, also for rank-deficient and zero matrices.
// Above JACOBI_MAX_N the kernel is QR + Householder bidiagonalisation + Golub–Kahan implicit-shift
// QR instead (svd-golub-kahan.ts; measured ~5× faster at 256×256, ~2.5× at 784×256, ~2.5× at 64×64),
// with the bidiagonal SVD by divide and conquer from order 96 on.
import { add, mul, neg, sub } from "../../ops/arithmetic.js";
import { unsqueeze } from "../../ops/shape-ops.js";
import { diagonal } from "../../ops/diagonal.js";
import type { TensorLike } from "../../ops/tensor-like.js";
import { completeColumns } from "../complete-columns.js";
import { svdFullMatrices, type SvdOptions } from "../decomposition-options.js";
import { bind } from "../../primitives/bind.js";
import type { Primitive } from "../../primitives/primitive.js";
import { registerPrimitive } from "../../primitives/registry.js";
import { batchLeading } from "../../primitives/batching.js";
import type { Tensor } from "../../tensor/tensor.js";
import { runBatched } from "../batched-kernel.js";
import { epsilonOf, floatMatrix, matrixDims } from "../check-matrix.js";
import { householderQr } from "./qr.js";
import { golubKahanSvd } from "./svd-golub-kahan.js";
import { columnSign } from "../column-sign.js";
import { diagEmbed, gapReciprocals, identity, matmul, matrixTranspose, reciprocalOrZero, relativeTolerance, scaleColumns } from "../matrix-algebra.js";
import { powerOfTwoScale } from "../dense/power-of-two-scale.js";

const EPS = 2 ** -52;
const MAX_SWEEPS = 60;
/**
 * Jacobi up to this min(m, n); above it bidiagonalisation + Golub–Kahan QR (`golubKahanSvd`).
 * NOTE: Golub–Kahan measured faster at every size (≈ 1.3× at n ≤ 4, 2–3× at 16–32); Jacobi is kept
 * for n ≤ 4, where it costs microseconds, for its high relative accuracy on graded matrices.
 */
const JACOBI_MAX_N = 4;

function dot(x: Float64Array, i: number, j: number, len: number): number {
  let s = 0;
  const a = i * len;
  const b = j * len;
  for (let r = 0; r < len; r++) s += x[a + r]! * x[b + r]!;
  return s;
}

/** Rotates rows p, q of a (rows of length len): [p; q] ← [c·p − s·q; s·p + c·q]. */
function rotate(x: Float64Array, p: number, q: number, len: number, c: number, s: number): void {
  const a = p * len;
  const b = q * len;
  for (let r = 0; r < len; r++) {
    const xp = x[a + r]!;
    const xq = x[b + r]!;
    x[a + r] = c * xp - s * xq;
    x[b + r] = s * xp + c * xq;
  }
}

/**
 * One-sided Jacobi on W = Aᵀ (k rows of length m, the columns of a tall m×k matrix A): returns
 * U (m×k), s (k, descending) and V (k×k), row-major, with A = U·diag(s)·Vᵀ.
 */
function jacobi(w: Float64Array, m: number, k: number): [Float64Array, Float64Array, Float64Array] {
  const vt = new Float64Array(k * k); // rows are the columns of V
  for (let i = 0; i < k; i++) vt[i * k + i] = 1;
  const norms = new Float64Array(k);
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    for (let i = 0; i < k; i++) norms[i] = dot(w, i, i, m);
    let rotated = false;
    for (let p = 0; p < k - 1; p++)
      for (let q = p + 1; q < k; q++) {
        const alpha = norms[p]!;
        const beta = norms[q]!;
        const gamma = dot(w, p, q, m);
        if (!(Math.abs(gamma) > EPS * Math.sqrt(alpha * beta))) continue;
        rotated = true;
        // t = tan θ, the smaller root of t² + 2ζt − 1 = 0, ζ = (β − α)/(2γ), makes columns p, q orthogonal
        const zeta = (beta - alpha) / (2 * gamma);
        const t = Math.abs(zeta) > 1e150 ? 1 / (2 * zeta) : (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        rotate(w, p, q, m, c, s);
        rotate(vt, p, q, k, c, s);
        norms[p] = alpha - t * gamma;
        norms[q] = beta + t * gamma;
      }
    if (!rotated) break;
  }
  const sv = new Float64Array(k);
  for (let i = 0; i < k; i++) sv[i] = Math.sqrt(dot(w, i, i, m));
  const order = Array.from({ length: k }, (_, i) => i).sort((i, j) => sv[j]! - sv[i]! || i - j);
  const u = new Float64Array(m * k);
  const v = new Float64Array(k * k);
  const s = new Float64Array(k);
  order.forEach((src, dst) => {
    s[dst] = sv[src]!;
    if (s[dst] !== 0) for (let r = 0; r < m; r++) u[r * k + dst] = w[src * m + r]! / s[dst]!;
    for (let r = 0; r < k; r++) v[r * k + dst] = vt[src * k + r]!;
  });
  for (let j = 0; j < k; j++) if (s[j] === 0) completeColumn(u, m, k, j);
  return [u, s, v];
}

/** Flips singular-vector pairs so that the largest-magnitude entry of each column of U (m×k) is positive. */
function fixSigns(u: Float64Array, v: Float64Array, m: number, n: number, k: number): void {
  for (let j = 0; j < k; j++)
    if (columnSign(u, m, k, j) < 0) {
      for (let r = 0; r < m; r++) u[r * k + j] = 0 - u[r * k + j]!; // 0 − x: no −0
      for (let r = 0; r < n; r++) v[r * k + j] = 0 - v[r * k + j]!;
    }
}

/** Fills column j of U (m×k, its other nonzero columns orthonormal) with a unit vector orthogonal to them. */
function completeColumn(u: Float64Array, m: number, k: number, j: number): void {
  let best: Float64Array | null = null;
  let bestNorm = -1;
  for (let e = 0; e < m; e++) {
    const x = new Float64Array(m);
    x[e] = 1;
    for (let pass = 0; pass < 2; pass++) // Gram–Schmidt twice ("twice is enough")
      for (let c = 0; c < k; c++) {
        if (c === j) continue;
        let d = 0;
        for (let r = 0; r < m; r++) d += u[r * k + c]! * x[r]!;
        if (d !== 0) for (let r = 0; r < m; r++) x[r]! -= d * u[r * k + c]!;
      }
    const nrm = Math.hypot(...x);
    if (nrm > bestNorm) [best, bestNorm] = [x, nrm];
    if (nrm > 0.5) break;
  }
  for (let r = 0; r < m; r++) u[r * k + j] = best![r]! / bestNorm;
}

/**
 * SVD of a tall m×n matrix (m ≥ n, row-major, overwritten): U (m×n), s (n), V (n×n). Preconditioned
 * as Drmač & Veselić 2008 recommend: the columns are ordered by decreasing norm (P), A·P = Q·R by
 * Householder, and one-sided Jacobi runs on X = Rᵀ, whose columns are the rows of R. From
 * Rᵀ = U_x·S·V_xᵀ: A = (Q·V_x)·S·(P·U_x)ᵀ. Jacobi then works on n×n instead of m×n and needs far
 * fewer sweeps than on A itself.
 */
function tallSvd(a: Float64Array, m: number, n: number): Float64Array[] {
  const fast = n > JACOBI_MAX_N ? golubKahanSvd(a, m, n) : null;
  if (fast) return fast;
  const norms = Array.from({ length: n }, (_, j) => {
    let t = 0;
    for (let i = 0; i < m; i++) t += a[i * n + j]! ** 2;
    return t;
  });
  const perm = Array.from({ length: n }, (_, j) => j).sort((i, j) => norms[j]! - norms[i]! || i - j);
  const ap = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) ap[i * n + j] = a[i * n + perm[j]!]!;
  const [q, r] = householderQr(ap, m, n);
  const [ux, s, vx] = jacobi(r, n, n);
  const u = new Float64Array(m * n); // Q·V_x
  for (let i = 0; i < m; i++)
    for (let l = 0; l < n; l++) {
      const qil = q[i * n + l]!;
      if (qil === 0) continue;
      for (let j = 0; j < n; j++) u[i * n + j]! += qil * vx[l * n + j]!;
    }
  const v = new Float64Array(n * n); // P·U_x: row perm[i] of V is row i of U_x
  for (let i = 0; i < n; i++) v.set(ux.subarray(i * n, (i + 1) * n), perm[i]! * n);
  return [u, s, v];
}

/** SVD of one m×n matrix: U (m×k), s (k), V (n×k), k = min(m, n). */
function decompose(a: Float64Array, m: number, n: number): Float64Array[] {
  // Scale to max|a| = 1 so that squared norms neither overflow nor underflow.
  const scale = powerOfTwoScale(a); // a power of 2: exact
  if (scale > 0 && Number.isFinite(scale)) for (let i = 0; i < a.length; i++) a[i]! /= scale;
  let u: Float64Array, s: Float64Array, v: Float64Array;
  if (m >= n) [u, s, v] = tallSvd(a, m, n);
  else {
    const at = new Float64Array(n * m);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) at[j * m + i] = a[i * n + j]!;
    [v, s, u] = tallSvd(at, n, m); // Aᵀ = V·diag(s)·Uᵀ
  }
  fixSigns(u, v, m, n, Math.min(m, n));
  if (scale > 0 && Number.isFinite(scale)) for (let i = 0; i < s.length; i++) s[i]! *= scale;
  return [u, s, v];
}

/**
 * The coefficient matrices of the rules for singular values s [..., k]: F⁻_ij = 1/(s_j − s_i),
 * F⁺_ij = 1/(s_j + s_i) (0 on the diagonal) and 1/s, each 0 where its denominator is at rounding
 * level (≤ 8·max(m, n)·ε·max s): see `svd`.
 */
function coefficients(s: Tensor, m: number, n: number): { minus: Tensor; plus: Tensor; inverse: Tensor } {
  const tol = relativeTolerance(s, 8 * Math.max(m, n, 1) * epsilonOf(s.dtype));
  const k = s.shape[s.ndim - 1]!;
  const offDiagonal = sub(1, identity(k, s.dtype));
  const plus = mul(reciprocalOrZero(add(unsqueeze(s, -2), unsqueeze(s, -1)), unsqueeze(tol, -1)), offDiagonal);
  return { minus: gapReciprocals(s, tol), plus, inverse: reciprocalOrZero(s, tol) };
}

/**
 * U (m×k), s (k, descending, ≥ 0) and V (n×k) with A = U·diag(s)·Vᵀ. With dP = Uᵀ dA V and its
 * symmetric and antisymmetric parts P₊ = (dP + dPᵀ)/2, P₋ = (dP − dPᵀ)/2 (Townsend 2016; Giles 2008;
 * the usual (dP_ij s_j + s_i dP_ji)/(s_j² − s_i²) written as P₊_ij/(s_j − s_i) + P₋_ij/(s_j + s_i),
 * so that only the F⁻ part is singular at repeated values):
 *   ds = diag(dP)
 *   dU = U·(F⁻ ∘ P₊ + F⁺ ∘ P₋) + (I − UUᵀ) dA V S⁻¹        (the second term only when m > n)
 *   dV = V·(F⁻ ∘ P₊ − F⁺ ∘ P₋) + (I − VVᵀ) dAᵀ U S⁻¹       (only when n > m)
 * and, with Ĵ = UᵀŪ − ŪᵀU and K̂ = VᵀV̄ − V̄ᵀV,
 *   Ā = U·(diag(s̄) + ½F⁻ ∘ (Ĵ + K̂) + ½F⁺ ∘ (Ĵ − K̂))·Vᵀ + (I − UUᵀ) Ū S⁻¹ Vᵀ + U S⁻¹ V̄ᵀ (I − VVᵀ).
 * NOTE: coefficients whose denominator is at rounding level are 0 (see `svd`).
 */
export const svdP: Primitive = {
  name: "svd",
  differentiable: true,
  vmap: batchLeading,
  shape([a]) {
    const [m, n] = matrixDims("svd", a!);
    const k = Math.min(m, n);
    const batch = a!.shape.slice(0, -2);
    return [
      { shape: [...batch, m, k], dtype: a!.dtype },
      { shape: [...batch, k], dtype: a!.dtype },
      { shape: [...batch, n, k], dtype: a!.dtype },
    ];
  },
  impl([a], _p, outs) {
    const [m, n] = a!.shape.slice(-2) as [number, number];
    return runBatched(a!.shape.slice(0, -2), [a!], outs, ([ab]) => decompose(ab!, m, n));
  },
  jvp([a], [ta]) {
    const [u, s, v] = bind(svdP, [a!], {}) as [Tensor, Tensor, Tensor];
    const [m, n] = a!.shape.slice(-2) as [number, number];
    const { minus, plus, inverse } = coefficients(s, m, n);
    const dav = matmul(ta!, v);
    const dp = matmul(matrixTranspose(u), dav);
    const dpt = matrixTranspose(dp);
    const sym = mul(minus, mul(add(dp, dpt), 0.5));
    const skew = mul(plus, mul(sub(dp, dpt), 0.5));
    let du = matmul(u, add(sym, skew));
    let dv = matmul(v, sub(sym, skew));
    if (m > n) du = add(du, scaleColumns(sub(dav, matmul(u, dp)), inverse));
    if (n > m) dv = add(dv, scaleColumns(sub(matmul(matrixTranspose(ta!), u), matmul(v, dpt)), inverse));
    return [[u, s, v], [du, diagonal(dp, 0, -2, -1), dv]];
  },
  vjp([a], [u, s, v], [uBar, sBar, vBar]) {
    if (!uBar && !sBar && !vBar) return [null];
    const [m, n] = a!.shape.slice(-2) as [number, number];
    const { minus, plus, inverse } = coefficients(s!, m, n);
    const ut = matrixTranspose(u!);
    const vt = matrixTranspose(v!);
    const j = uBar ? matmul(ut, uBar) : null;
    const kk = vBar ? matmul(vt, vBar) : null;
    const jHat = j ? sub(j, matrixTranspose(j)) : null;
    const kHat = kk ? sub(kk, matrixTranspose(kk)) : null;
    const terms: Tensor[] = [];
    if (sBar) terms.push(diagEmbed(sBar));
    if (jHat || kHat) {
      const both = jHat && kHat ? add(jHat, kHat) : (jHat ?? kHat)!;
      const diff = jHat && kHat ? sub(jHat, kHat) : jHat ?? neg(kHat!);
      terms.push(mul(add(mul(minus, both), mul(plus, diff)), 0.5));
    }
    let grad = matmul(u!, matmul(terms.reduce((x, y) => add(x, y)), vt));
    if (uBar && m > n) grad = add(grad, matmul(scaleColumns(sub(uBar, matmul(u!, j!)), inverse), vt));
    if (vBar && n > m) grad = add(grad, matmul(scaleColumns(u!, inverse), matrixTranspose(sub(vBar, matmul(v!, kk!)))));
    return [grad];
  },
  testSpec: [
    { args: [{ shape: [4, 3] }], params: {} },
    { args: [{ shape: [3, 5] }], params: {} },
    { args: [{ shape: [2, 3, 3] }], params: {} },
  ],
};
registerPrimitive(svdP);

/** The result of `svd`. */
export interface SvdResult {
  /** Left singular vectors, [..., m, k] with orthonormal columns. */
  U: Tensor;
  /** Singular values, [..., k], descending and non-negative. */
  S: Tensor;
  /** Right singular vectors transposed, [..., k, n] with orthonormal rows: A = U·diag(S)·Vh. */
  Vh: Tensor;
}

/**
 * Reduced singular value decomposition A = U·diag(S)·Vh of a matrix (batch) of any shape, k =
 * min(m, n), singular values sorted descending (numpy's and PyTorch's names and layout). Each left
 * singular vector is returned with its entry of largest magnitude positive (the matching right
 * singular vector flips with it).
 *
 * Degenerate inputs: singular values are differentiable where they are distinct and nonzero, and
 * the gradient of any function of S alone, U·diag(S̄)·Vh (e.g. of the spectral or nuclear norm),
 * stays right at repeated ones. Singular vectors of a repeated singular value are not unique (an
 * arbitrary orthonormal basis of the singular subspaces is returned) and not differentiable. Where
 * two singular values agree to within 8·max(m, n)·ε·max S (repeated up to rounding) the coupling
 * 1/(s_j − s_i) in the rules is set to 0, while the regular coupling 1/(s_j + s_i) is kept. The
 * gradient is then right for losses that do not depend on the choice of basis inside repeated
 * singular subspaces: functions of S, the polar factor U·Vh (the spectral-norm "dualize" map, smooth
 * wherever S > 0), U·diag(h)·Vh with h equal on repeated values. For other losses it is not a
 * derivative. A singular value at rounding level counts as 0, and then 1/s is taken as 0 in the terms
 * of rectangular matrices (the true derivative of the singular vectors is unbounded there). Distinct
 * but close singular values give singular-vector gradients of size ~1/(s_j − s_i): large, but true.
 *
 * With `{ fullMatrices: true }` U is m×m and Vh n×n (numpy's and PyTorch's full_matrices): the extra
 * columns are an orthonormal basis of the complement, not unique, and carry no derivative.
 * NOTE: the default is the reduced SVD (PyTorch's and numpy's default is full): it is unique up to
 * signs and differentiable.
 *
 * @example
 * const { U, S, Vh } = linalg.svd(tensor([[3, 0], [0, -4], [0, 0]])); // S = [4, 3]
 */
export function svd(a: TensorLike, opts?: SvdOptions): SvdResult {
  const full = svdFullMatrices(opts, "svd");
  const [U, S, V] = bind(svdP, [floatMatrix(a, "svd")], {}) as [Tensor, Tensor, Tensor];
  return full ? { U: completeColumns(U), S, Vh: matrixTranspose(completeColumns(V)) } : { U, S, Vh: matrixTranspose(V) };
}

/** Singular values only, [..., k], descending; their gradient is U·diag(S̄)·Vh. @example linalg.svdvals(tensor([[3, 0], [0, -4]])); // [4, 3] */
export function svdvals(a: TensorLike): Tensor {
  return bind(svdP, [floatMatrix(a, "svdvals")], {})[1]!;
}
