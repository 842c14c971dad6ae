/**
 * Truncated conjugate gradients for the Newton system B p = −g, B symmetric and possibly indefinite,
 * given only the product v ↦ B v. Stops when ‖r‖ ≤ tolerance, at negative curvature, or (with a
 * finite `radius`) at the trust-region boundary.
 *
 * - Inside a trust region (Steihaug 1983, Toint 1981; Nocedal & Wright Algorithm 7.2): a direction
 *   of negative curvature, or a step leaving the region, is followed to the boundary ‖p‖ = radius.
 * - Without one (`radius` = ∞; Newton–CG, Nocedal & Wright Algorithm 7.1): negative curvature stops
 *   the iteration at the current iterate, or returns −g on the first iteration — a descent direction
 *   either way, for a line search to scale.
 */

import { dot } from "./second-order.js";

/** What `truncatedCG` returns. */
export interface TruncatedCGResult {
  p: Float64Array;
  /** CG iterations (products with B). */
  iterations: number;
  /** Why it stopped. */
  stop: "converged" | "negative curvature" | "boundary" | "iterations";
}


/** τ ≥ 0 with ‖z + τ d‖ = radius (the positive root of a quadratic; ‖z‖ ≤ radius). */
function toBoundary(z: Float64Array, d: Float64Array, radius: number): number {
  const a = dot(d, d);
  const b = 2 * dot(z, d);
  const c = dot(z, z) - radius * radius;
  // NOTE: the stable form of the positive root: c ≤ 0, so (−b + √disc)/(2a) = −2c/(b + √disc) when b > 0.
  const disc = Math.sqrt(Math.max(0, b * b - 4 * a * c));
  return b > 0 ? (-2 * c) / (b + disc) : (-b + disc) / (2 * a);
}

/** Approximately solves B p = −g by CG, truncated as described above. */
export function truncatedCG(
  hv: (v: Float64Array) => Float64Array,
  g: Float64Array,
  opts: { radius: number; tolerance: number; maxIterations: number },
): TruncatedCGResult {
  const n = g.length;
  const { radius, tolerance, maxIterations } = opts;
  const z = new Float64Array(n);
  const r = g.slice();
  const d = g.map((v) => -v);
  let rr = dot(r, r);
  if (Math.sqrt(rr) <= tolerance) return { p: z, iterations: 0, stop: "converged" };
  for (let j = 0; j < maxIterations; j++) {
    const bd = hv(d);
    const dBd = dot(d, bd);
    if (!(dBd > 0)) {
      if (Number.isFinite(radius)) {
        const tau = toBoundary(z, d, radius);
        return { p: z.map((v, i) => v + tau * d[i]!), iterations: j + 1, stop: "negative curvature" };
      }
      return { p: j === 0 ? g.map((v) => -v) : z, iterations: j + 1, stop: "negative curvature" };
    }
    const alpha = rr / dBd;
    const zNext = z.map((v, i) => v + alpha * d[i]!);
    if (Number.isFinite(radius) && Math.sqrt(dot(zNext, zNext)) >= radius) {
      const tau = toBoundary(z, d, radius);
      return { p: z.map((v, i) => v + tau * d[i]!), iterations: j + 1, stop: "boundary" };
    }
    z.set(zNext);
    for (let i = 0; i < n; i++) r[i]! += alpha * bd[i]!;
    const rrNext = dot(r, r);
    if (Math.sqrt(rrNext) <= tolerance) return { p: z, iterations: j + 1, stop: "converged" };
    const beta = rrNext / rr;
    rr = rrNext;
    for (let i = 0; i < n; i++) d[i] = -r[i]! + beta * d[i]!;
  }
  return { p: z, iterations: maxIterations, stop: "iterations" };
}
