// The adjugate adj(A) (the transposed cofactor matrix, A·adj(A) = det A·I), defined and smooth for
// every square A, singular or not: it is the gradient of det (∇det A = adj(A)ᵀ) and carries det's
// derivatives to every order.
//
// Algorithm: LU with partial pivoting, A = P·L·U, and adj(A) = adj(U)·L⁻¹·det(P)·Pᵀ. The adjugate of
// the triangle U is formed without dividing by its diagonal: adj(U)_ij = z_ij·Π_{l<i} u_ll·Π_{l>j} u_ll
// with z_jj = 1 and z_ij = −Σ_{i<l≤j} u_il·z_lj·Π_{i<m<l} u_mm (the back substitution for U⁻¹
// multiplied through by the pivots), so zero or tiny pivots give the exact limit, not 0·∞.
// O(n³); backward stable as the LU it uses.
import { add, div, mul } from "../../ops/arithmetic.js";
import { greater, where } from "../../ops/comparison.js";
import { sqrt } from "../../ops/elementwise.js";
import { sum } from "../../ops/reductions.js";
import { reshape, unsqueeze } from "../../ops/shape-ops.js";
import { bind1 } from "../../primitives/bind.js";
import { stopGradient } from "../../primitives/other/stop-gradient.js";
import type { Primitive } from "../../primitives/primitive.js";
import { registerPrimitive } from "../../primitives/registry.js";
import { batchLeading } from "../../primitives/batching.js";
import { tensor } from "../../tensor/creation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { runBatched } from "../batched-kernel.js";
import { squareDim } from "../check-matrix.js";
import { matrixTranspose } from "../matrix-algebra.js";
import { eliminate } from "./lu.js";

/** adj(A) of one n×n matrix (overwrites `a`). */
function adjugateOf(a: Float64Array, n: number): Float64Array {
  const [perm, sign] = eliminate(a, n);
  // pr[s·(n+1) + t] = Π_{s≤l<t} u_ll
  const pr = new Float64Array((n + 1) * (n + 1));
  for (let s = 0; s <= n; s++) {
    pr[s * (n + 1) + s] = 1;
    for (let t = s; t < n; t++) pr[s * (n + 1) + t + 1] = pr[s * (n + 1) + t]! * a[t * n + t]!;
  }
  const adjU = new Float64Array(n * n);
  const z = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    z[j] = 1;
    for (let i = j - 1; i >= 0; i--) {
      let s = 0;
      for (let l = i + 1; l <= j; l++) s += a[i * n + l]! * z[l]! * pr[(i + 1) * (n + 1) + l]!;
      z[i] = -s;
    }
    const right = pr[(j + 1) * (n + 1) + n]!;
    for (let i = 0; i <= j; i++) adjU[i * n + j] = z[i]! * pr[i]! * right;
  }
  // X = adj(U)·L⁻¹ row by row (x·L = b, L unit lower), then adj(A)[:, perm[k]] = sign·X[:, k].
  const out = new Float64Array(n * n);
  const x = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    for (let k = n - 1; k >= 0; k--) {
      let v = adjU[r * n + k]!;
      for (let m = k + 1; m < n; m++) v -= x[m]! * a[m * n + k]!;
      x[k] = v;
    }
    for (let k = 0; k < n; k++) out[r * n + perm[k]!] = sign * x[k]! + 0;
  }
  return out;
}

const weightCache = new Map<number, [Float64Array, Float64Array]>();

/**
 * Chebyshev nodes c_k = cos((2k+1)π/2K) on [−1, 1] and the weights w_k = ℓ_k′(0) (ℓ_k the Lagrange
 * basis), so that p′(0) = Σ w_k·p(c_k) exactly for every polynomial p of degree < K.
 */
function derivativeWeights(k: number): [Float64Array, Float64Array] {
  const hit = weightCache.get(k);
  if (hit) return hit;
  const c = Float64Array.from({ length: k }, (_, i) => Math.cos(((2 * i + 1) * Math.PI) / (2 * k)));
  for (let i = 0; i < Math.floor(k / 2); i++) c[k - 1 - i] = -c[i]!; // exactly symmetric nodes
  if (k % 2 === 1) c[(k - 1) / 2] = 0;
  const w = new Float64Array(k);
  for (let i = 0; i < Math.floor(k / 2); i++) {
    let d = 0;
    for (let j = 0; j < k; j++) {
      if (j === i) continue;
      let term = 1 / (c[i]! - c[j]!);
      for (let m = 0; m < k; m++) if (m !== i && m !== j) term *= -c[m]! / (c[i]! - c[m]!);
      d += term;
    }
    w[i] = d;
    w[k - 1 - i] = -d; // symmetric nodes: antisymmetric weights (the middle one, at 0, is 0)
  }
  const out: [Float64Array, Float64Array] = [c, w];
  weightCache.set(k, out);
  return out;
}

/**
 * d adj(A)[E], the directional derivative. adj(A + tE) is a polynomial of degree n − 1 in t, so its
 * derivative at 0 is exactly Σ_k w_k·adj(A + h·c_k·E)/h (Chebyshev nodes c_k, any h ≠ 0): valid at
 * singular A too, and built from the adjugate primitive, so it is differentiable again (every order).
 * NOTE: h = ‖A‖_F/‖E‖_F (per matrix, no gradient) keeps the evaluation points at A's scale, where
 * rounding is smallest; the result does not depend on h except through rounding.
 */
export function adjugateJvp(a: Tensor, e: Tensor): Tensor {
  const n = a.shape[a.ndim - 1]!;
  if (n <= 1) return mul(e, 0);
  const [c, w] = derivativeWeights(n);
  const frob = (x: Tensor): Tensor => sqrt(sum(mul(x, x), [-2, -1], true));
  const na = stopGradient(frob(a));
  const ne = stopGradient(frob(e));
  const h = where(greater(ne, 0), div(where(greater(na, 0), na, 1), where(greater(ne, 0), ne, 1)), 1);
  const ones = a.shape.map(() => 1);
  const nodes = reshape(tensor(Array.from(c), { dtype: a.dtype }), [n, ...ones]);
  const weights = reshape(tensor(Array.from(w), { dtype: a.dtype }), [n, ...ones]);
  const stacked = bind1(adjugateP, [add(unsqueeze(a, 0), mul(nodes, unsqueeze(mul(h, e), 0)))], {});
  return div(sum(mul(stacked, weights), 0), h);
}

/**
 * adj(A) for square A (batch). d adj(A)[E] by `adjugateJvp`; since adj(A)ᵀ = ∇det A and the Hessian
 * of det is symmetric, the adjoint is Ā = (d adj(A)[Ḡᵀ])ᵀ.
 */
export const adjugateP: Primitive = {
  name: "adjugate",
  differentiable: true,
  vmap: batchLeading,
  shape([a]) {
    squareDim("adjugate", a!);
    return [{ shape: a!.shape, dtype: a!.dtype }];
  },
  impl([a], _p, outs) {
    const n = a!.shape[a!.ndim - 1]!;
    return runBatched(a!.shape.slice(0, -2), [a!], outs, ([ab]) => [adjugateOf(ab!, n)]);
  },
  jvp([a], [ta]) {
    return [[bind1(adjugateP, [a!], {})], [ta === null ? null : adjugateJvp(a!, ta)]];
  },
  vjp([a], _outs, [ct]) {
    return [matrixTranspose(adjugateJvp(a!, matrixTranspose(ct!)))];
  },
  testSpec: [
    { args: [{ shape: [3, 3] }], params: {} },
    { args: [{ shape: [2, 4, 4] }], params: {} },
    { args: [{ shape: [2, 2] }], params: {} },
  ],
};
registerPrimitive(adjugateP);

/** adj(A) of a float square matrix (batch) tensor. */
export function adjugate(a: Tensor): Tensor {
  return bind1(adjugateP, [a], {});
}
