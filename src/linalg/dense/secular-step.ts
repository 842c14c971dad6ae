// One iteration's test and step of a secular-equation root finder, shared by the eigenvalue
// (dlaed4-style) and singular-value (dlasd4-style) divide and conquer. f = 1 + ψ + φ at the iterate x,
// ψ (ψ') the terms up to the bracket's left pole, φ (φ') the rest, erretm Σ|terms|.

const EPS = 2 ** -52;

/**
 * Whether the root is found: |f| at the rounding level of its terms (dlaed4's test), or the bracket
 * [lo, hi] closed to a few ulps.
 *
 * @example
 * secularConverged(0, -0.5, -0.5, 1, 1, 1, 0.3, 0, 1); // true: f = 0
 */
export function secularConverged(f: number, psi: number, phi: number, dpsi: number, dphi: number, erretm: number, x: number, lo: number, hi: number): boolean {
  if (Math.abs(f) <= EPS * (8 * erretm + 2 * Math.abs(1 + psi) + Math.abs(phi) + Math.abs(x) * (dpsi + dphi))) return true;
  return hi - lo <= 2 * EPS * Math.max(Math.abs(lo), Math.abs(hi));
}

/**
 * The next iterate: the middle-way step (the model c + s/(δ_l − x) + S/(δ_r − x) through f, ψ', φ',
 * with dl = δ_l − x and dr = δ_r − x the distances to the bracket's poles), Newton where the model
 * points the wrong way, bisection where the step leaves (lo, hi).
 *
 * @example
 * secularStep(-0.5, 1, 2, 0.5, 0.25, false, 0, -1, 1); // a point inside (−1, 1)
 */
export function secularStep(f: number, dl: number, dr: number, dpsi: number, dphi: number, last: boolean, x: number, lo: number, hi: number): number {
  const c = Math.abs(f - dl * dpsi - dr * dphi);
  const a = (dl + dr) * f - dl * dr * (dpsi + dphi);
  const b = dl * dr * f;
  // The root of c·η² − a·η + b = 0 in the bracket: the smaller one between the poles, the larger
  // one right of both (the last root; dlaed4's two cases), each in its cancellation-free form.
  const disc = Math.sqrt(Math.abs(a * a - 4 * b * c));
  let eta: number;
  if (c === 0) eta = b / a;
  else if (last) eta = a >= 0 ? (a + disc) / (2 * c) : (2 * b) / (a - disc);
  else eta = a <= 0 ? (a - disc) / (2 * c) : (2 * b) / (a + disc);
  if (f * eta >= 0 || !Number.isFinite(eta)) eta = -f / (dpsi + dphi); // Newton when the model points the wrong way
  const next = x + eta;
  return next > lo && next < hi ? next : (lo + hi) / 2; // outside the bracket: bisect
}
