import { lgamma } from "../../backend/cpu/special-functions.js";

/**
 * The regularised incomplete beta function I_x(a, b) for a, b > 0 and x in [0, 1], by the continued
 * fraction of Numerical Recipes §6.4 (modified Lentz), on the side x < (a + 1)/(a + b + 2) where it
 * converges fast (I_x(a, b) = 1 − I_{1−x}(b, a) on the other).
 */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (!(x > 0)) return x === 0 ? 0 : NaN;
  if (!(x < 1)) return x === 1 ? 1 : NaN;
  const front = Math.exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * Math.log(x) + b * Math.log1p(-x));
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(x, a, b)) / a;
  return 1 - (front * betaContinuedFraction(1 - x, b, a)) / b;
}

/** The continued fraction of I_x(a, b) (Numerical Recipes' `betacf`), to relative accuracy 1e-15. */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 10000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return h;
}

/**
 * The p-quantile of Beta(a, b) (R's `qbeta`), by bisection on `regularizedBeta` to 1e-15; NaN when
 * a parameter is not a finite number > 0.
 */
export function betaQuantile(p: number, a: number, b: number): number {
  if (!(a > 0 && b > 0 && Number.isFinite(a) && Number.isFinite(b) && p >= 0 && p <= 1)) return NaN;
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 200 && hi - lo > 1e-15; i++) {
    const mid = (lo + hi) / 2;
    if (regularizedBeta(mid, a, b) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
