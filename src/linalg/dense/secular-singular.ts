// The secular equation of the bidiagonal divide and conquer (LAPACK's dlasd4): the singular values
// of M = [z; diag(d)] (first row z, then d on the diagonal, d₀ = 0) are the roots σ of
// f(σ²) = 1 + Σ z_i²/(d_i² − σ²) = 0, since MᵀM = D² + z·zᵀ. Each root is solved in λ = σ² relative to
// its nearer pole d_o² (μ = σ² − d_o²), with the distances d_i² − d_o² = (d_i − d_o)(d_i + d_o)
// formed without squaring, so that every d_i² − σ² = (d_i² − d_o²) − μ is accurate to a few ulps
// relative to itself (what the Gu–Eisenstat vectors need).
import { twoPoleGuess } from "./tridiagonal-divide-conquer.js";

const EPS = 2 ** -52;
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
    // Converged when |f| is at rounding level of its terms (dlasd4's test).
    if (Math.abs(f) <= EPS * (8 * erretm + 2 * Math.abs(1 + psi) + Math.abs(phi) + Math.abs(mu) * (dpsi + dphi))) break;
    if (hi - lo <= 2 * EPS * Math.max(Math.abs(lo), Math.abs(hi))) break;
    // Middle-way step: the model c + s/(δ_left − μ) + S/(δ_left+1 − μ) through f, ψ', φ'.
    const dl = dd[left]! - mu;
    const dr = dd[left + 1]! - mu;
    const c = Math.abs(f - dl * dpsi - dr * dphi);
    const a = (dl + dr) * f - dl * dr * (dpsi + dphi);
    const b = dl * dr * f;
    const disc = Math.sqrt(Math.abs(a * a - 4 * b * c));
    let eta: number;
    if (c === 0) eta = b / a;
    else if (last) eta = a >= 0 ? (a + disc) / (2 * c) : (2 * b) / (a - disc);
    else eta = a <= 0 ? (a - disc) / (2 * c) : (2 * b) / (a + disc);
    if (f * eta >= 0 || !Number.isFinite(eta)) eta = -f / (dpsi + dphi); // Newton when the model points the wrong way
    let next = mu + eta;
    if (!(next > lo && next < hi)) next = (lo + hi) / 2; // outside the bracket: bisect
    mu = next;
  }
  for (let i = 0; i < k; i++) delta[i * k + j] = dd[i]! - mu;
  return base + mu / (base + Math.sqrt(base * base + mu));
}
