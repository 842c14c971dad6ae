// The secular equation of the bidiagonal divide and conquer (LAPACK's dlasd4): the singular values
// of M = [z; diag(d)] (first row z, then d on the diagonal, d₀ = 0) are the roots σ of
// f(σ²) = 1 + Σ z_i²/(d_i² − σ²) = 0, since MᵀM = D² + z·zᵀ. Each root is solved in λ = σ² relative to
// its nearer pole d_o² (μ = σ² − d_o²), with the distances d_i² − d_o² = (d_i − d_o)(d_i + d_o)
// formed without squaring, so that every d_i² − σ² = (d_i² − d_o²) − μ is accurate to a few ulps
// relative to itself (what the Gu–Eisenstat vectors need).
import { secularConverged, secularStep } from "./secular-step.js";
import { twoPoleGuess } from "./tridiagonal-divide-conquer.js";

const MAX_ITERATIONS = 80;

/**
 * Root j (ascending) of 1 + Σ w_i/(d_i² − σ²) = 0 for 0 = d₀ < d₁ < … < d_{k−1} and w_i = z_i² > 0:
 * σ_j² lies in (d_j², d_{j+1}²), the last one in (d_{k−1}², d_{k−1}² + zz] (zz = Σ w_i). Writes
 * d_i² − σ_j² into column j of `delta` (k×k, row-major) and returns σ_j, or null if the iteration
 * failed. `dd` is scratch (k).
 */
export function singularSecularRoot(d: Float64Array, w: Float64Array, j: number, delta: Float64Array, k: number, zz: number, dd: Float64Array): number | null {
  if (k === 1) {
    delta[0] = -zz;
    return Math.sqrt(zz);
  }
  const last = j === k - 1;
  // The origin (the nearer pole) and the bracket [lo, hi] of μ = σ² − d_origin².
  let origin: number;
  let lo: number;
  let hi: number;
  let start = NaN;
  if (last) {
    origin = j;
    lo = 0;
    hi = zz;
  } else {
    const gap = (d[j + 1]! - d[j]!) * (d[j + 1]! + d[j]!);
    const mid = gap / 2;
    let f = 1;
    const dj = d[j]!;
    for (let i = 0; i < k; i++) f += w[i]! / ((d[i]! - dj) * (d[i]! + dj) - mid);
    if (f >= 0) [origin, lo, hi] = [j, 0, mid];
    else [origin, lo, hi] = [j + 1, -mid, 0];
    start = twoPoleGuess(f + (w[j]! - w[j + 1]!) / mid, w[j]!, w[j + 1]!, gap, origin === j, lo, hi);
  }
  const base = d[origin]!;
  for (let i = 0; i < k; i++) dd[i] = (d[i]! - base) * (d[i]! + base);
  // ψ collects the terms up to the left pole of the bracket (for the last root: the last pole), φ the rest.
  const left = last ? j - 1 : j;
  let mu = Number.isNaN(start) ? (lo + hi) / 2 : start;
  for (let it = 0; ; it++) {
    if (it === MAX_ITERATIONS) return null;
    let psi = 0;
    let dpsi = 0;
    let phi = 0;
    let dphi = 0;
    let erretm = 0;
    for (let i = 0; i <= left; i++) {
      const inv = 1 / (dd[i]! - mu);
      const t = w[i]! * inv;
      psi += t;
      dpsi += t * inv;
      erretm -= t;
    }
    for (let i = left + 1; i < k; i++) {
      const inv = 1 / (dd[i]! - mu);
      const t = w[i]! * inv;
      phi += t;
      dphi += t * inv;
      erretm += t;
    }
    const f = 1 + psi + phi;
    if (f === 0) break;
    if (f < 0) lo = mu;
    else hi = mu;
    if (secularConverged(f, psi, phi, dpsi, dphi, erretm, mu, lo, hi)) break;
    mu = secularStep(f, dd[left]! - mu, dd[left + 1]! - mu, dpsi, dphi, last, mu, lo, hi);
  }
  for (let i = 0; i < k; i++) delta[i * k + j] = dd[i]! - mu;
  return base + mu / (base + Math.sqrt(base * base + mu));
}
