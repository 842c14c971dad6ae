// Eigen-decomposition A = V·diag(w)·Vᵀ of a symmetric matrix.
//
// Algorithm: cyclic Jacobi in float64 (Golub & Van Loan §8.5; rotation formulas of Rutishauser as
// in Numerical Recipes §11.1). Each sweep applies a plane rotation to every off-diagonal pair (p, q)
// with |a_pq| > ε·√|a_pp·a_qq|, zeroing it; convergence is quadratic and takes 5–10 sweeps
// (≈ 4n³ flops each with vectors). Jacobi is slower than tridiagonalisation + QR for large n but is
// simple and among the most accurate methods: the eigenvalues are exact for A + E with
// ‖E‖ = O(ε‖A‖), small eigenvalues of well-scaled matrices to high relative accuracy (Demmel &
// Veselić 1992), and V is orthogonal to working precision because it is a product of rotations.
// Above JACOBI_MAX_N the kernel is Householder tridiagonalisation + implicit QL instead, and above
// 32×32 divide and conquer with blocked back-transformation (eigh-tridiagonal.ts).
import { add, mul } from "../../ops/arithmetic.js";
import { diagonal } from "../../ops/diagonal.js";
import type { TensorLike } from "../../ops/tensor-like.js";
import { eighInput, type EighOptions } from "../decomposition-options.js";
import { bind } from "../../primitives/bind.js";
import type { Primitive } from "../../primitives/primitive.js";
import { registerPrimitive } from "../../primitives/registry.js";
import { batchLeading } from "../../primitives/batching.js";
import type { Tensor } from "../../tensor/tensor.js";
import { runBatched } from "../batched-kernel.js";
import { epsilonOf, floatMatrix, squareDim } from "../check-matrix.js";
import { columnSign } from "../column-sign.js";
import { diagEmbed, gapReciprocals, matmul, matrixTranspose, relativeTolerance, symmetrize } from "../matrix-algebra.js";
import { tridiagonalEigh } from "./eigh-tridiagonal.js";
import { powerOfTwoScale } from "../dense/power-of-two-scale.js";

const EPS = 2 ** -52;
const MAX_SWEEPS = 60;
/** Jacobi up to this order; above it tridiagonalisation + QL (`tridiagonalEigh`), faster from n = 8 on (measured). */
const JACOBI_MAX_N = 6;

/** Jacobi eigen-decomposition of one symmetric n×n matrix (symmetrised first): w ascending, V by columns. */
function decompose(a: Float64Array, n: number): Float64Array[] {
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) a[i * n + j] = a[j * n + i] = a[i * n + j]! / 2 + a[j * n + i]! / 2;
  // Scale to max|a| = 1 so that the rotation formulas neither overflow nor underflow.
  const scale = powerOfTwoScale(a); // a power of 2: exact
  const scaled = scale > 0 && Number.isFinite(scale);
  if (scaled) for (let i = 0; i < a.length; i++) a[i]! /= scale;
  const fast = n > JACOBI_MAX_N ? tridiagonalEigh(a, n) : null; // eigenvalues left on the diagonal of a
  const v = fast ?? new Float64Array(n * n);
  if (!fast) for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = fast ? MAX_SWEEPS : 0; sweep < MAX_SWEEPS; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++)
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!;
        const app = a[p * n + p]!;
        const aqq = a[q * n + q]!;
        if (!(Math.abs(apq) > EPS * Math.sqrt(Math.abs(app * aqq)))) continue;
        rotated = true;
        // t = tan of the rotation angle, the smaller root of t² + 2θt − 1 = 0, θ = (a_qq − a_pp)/(2a_pq)
        const theta = (aqq - app) / (2 * apq);
        const t = Math.abs(theta) > 1e150 ? 1 / (2 * theta) : (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        const tau = s / (1 + c);
        a[p * n + p] = app - t * apq;
        a[q * n + q] = aqq + t * apq;
        a[p * n + q] = a[q * n + p] = 0;
        for (let r = 0; r < n; r++) {
          if (r !== p && r !== q) {
            const arp = a[r * n + p]!;
            const arq = a[r * n + q]!;
            a[r * n + p] = a[p * n + r] = arp - s * (arq + tau * arp);
            a[r * n + q] = a[q * n + r] = arq + s * (arp - tau * arq);
          }
          const vrp = v[r * n + p]!;
          const vrq = v[r * n + q]!;
          v[r * n + p] = vrp - s * (vrq + tau * vrp);
          v[r * n + q] = vrq + s * (vrp - tau * vrq);
        }
      }
    if (!rotated) break;
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[i * n + i]! - a[j * n + j]! || i - j);
  const w = new Float64Array(n);
  const vs = new Float64Array(n * n);
  order.forEach((src, dst) => {
    w[dst] = scaled ? a[src * n + src]! * scale : a[src * n + src]!;
    const sign = columnSign(v, n, n, src);
    for (let r = 0; r < n; r++) vs[r * n + dst] = sign > 0 ? v[r * n + src]! : 0 - v[r * n + src]!; // 0 − x: no −0
  });
  return [w, vs];
}

/** F_ij = 1/(w_j − w_i), 0 where the gap is at rounding level (≤ 8nε·max|w|): see `eigh`. */
function gaps(w: Tensor): Tensor {
  const n = w.shape[w.ndim - 1]!;
  return gapReciprocals(w, relativeTolerance(w, 8 * Math.max(n, 1) * epsilonOf(w.dtype)));
}

/**
 * Eigenvalues w (ascending) and orthonormal eigenvectors V (columns) of sym(A) = (A + Aᵀ)/2.
 * With S = sym(A), M = Vᵀ dS V and F_ij = 1/(w_j − w_i) (i ≠ j), F_ii = 0 (Giles 2008, §3.1):
 *   dw = diag(M),   dV = V·(F ∘ M),   Ā = sym(V·(diag(w̄) + F ∘ (Vᵀ V̄))·Vᵀ).
 * NOTE: F_ij is set to 0 where w_i and w_j agree to rounding level (see `eigh` for what that means).
 */
export const eighP: Primitive = {
  name: "eigh",
  differentiable: true,
  vmap: batchLeading,
  shape([a]) {
    const n = squareDim("eigh", a!);
    return [
      { shape: [...a!.shape.slice(0, -2), n], dtype: a!.dtype },
      { shape: a!.shape, dtype: a!.dtype },
    ];
  },
  impl([a], _p, outs) {
    const n = a!.shape[a!.ndim - 1]!;
    return runBatched(a!.shape.slice(0, -2), [a!], outs, ([ab]) => decompose(ab!, n));
  },
  jvp([a], [ta]) {
    const [w, v] = bind(eighP, [a!], {}) as [Tensor, Tensor];
    const m = matmul(matrixTranspose(v), matmul(symmetrize(ta!), v));
    return [[w, v], [diagonal(m, 0, -2, -1), matmul(v, mul(gaps(w), m))]];
  },
  vjp([_a], [w, v], [wBar, vBar]) {
    if (!wBar && !vBar) return [null];
    const vt = matrixTranspose(v!);
    const vTerm = vBar ? mul(gaps(w!), matmul(vt, vBar)) : null;
    const inner = wBar ? (vTerm ? add(diagEmbed(wBar), vTerm) : diagEmbed(wBar)) : vTerm!;
    return [symmetrize(matmul(v!, matmul(inner, vt)))];
  },
  testSpec: [
    { args: [{ shape: [3, 3] }], params: {} },
    { args: [{ shape: [2, 4, 4] }], params: {} },
  ],
};
registerPrimitive(eighP);

/** The result of `eigh`. */
export interface EighResult {
  /** Eigenvalues in ascending order, [..., n]. */
  eigenvalues: Tensor;
  /** Orthonormal eigenvectors as columns, [..., n, n]: A·V = V·diag(w). */
  eigenvectors: Tensor;
}

/**
 * Eigen-decomposition of a symmetric matrix (batch): A = V·diag(w)·Vᵀ with w ascending and V
 * orthogonal. Only the symmetric part (A + Aᵀ)/2 is used, and gradients are symmetric.
 * Each eigenvector is returned with its entry of largest magnitude positive.
 *
 * Degenerate inputs: eigenvalues are differentiable where they are distinct, and the gradient
 * of any function of the eigenvalues alone, V·diag(w̄)·Vᵀ, stays right at repeated ones.
 * Eigenvectors of a repeated eigenvalue are not unique (an arbitrary orthonormal basis of the
 * eigenspace is returned) and not differentiable. Where two eigenvalues agree to within
 * 8nε·max|w| (repeated up to rounding) the coupling 1/(w_j − w_i) in the rules is set to 0 instead of
 * ±∞ or a rounding artefact. The gradient is then right for losses that depend on the eigenvectors
 * only through projectors onto whole eigenspaces, V·diag(h)·Vᵀ with h equal on repeated eigenvalues
 * (any basis of an eigenspace gives the same loss). For other losses it is the gradient with the
 * couplings inside each eigenspace dropped, which is not a derivative; in particular a spectral
 * function V·f(w)·Vᵀ with f' ≠ 0 is smooth at a repeated eigenvalue but its gradient there needs
 * f' (Daleckii–Krein): write such functions directly (e.g. A·A·A, not via eigh). Distinct but
 * close eigenvalues give eigenvector gradients of size ~1/(w_j − w_i): large, but true.
 *
 * `{ UPLO: "L" }` or `{ UPLO: "U" }` reads only that triangle (PyTorch, LAPACK); without it the
 * symmetric part (A + Aᵀ)/2 is used (JAX's default), which is the same for symmetric input.
 *
 * @example
 * const { eigenvalues, eigenvectors } = linalg.eigh(tensor([[2, 1], [1, 2]])); // eigenvalues [1, 3]
 */
export function eigh(a: TensorLike, opts?: EighOptions): EighResult {
  const [eigenvalues, eigenvectors] = bind(eighP, [eighInput(floatMatrix(a, "eigh"), opts, "eigh")], {}) as [Tensor, Tensor];
  return { eigenvalues, eigenvectors };
}
