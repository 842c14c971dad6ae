import { betainc } from "../../backend/cpu/incomplete-beta.js";

/**
 * The p-quantile of Beta(a, b) (R's `qbeta`), by bisection to 1e-15 on the regularised incomplete
 * beta function (`betainc`); NaN when a parameter is not a finite number > 0.
 */
export function betaQuantile(p: number, a: number, b: number): number {
  if (!(a > 0 && b > 0 && Number.isFinite(a) && Number.isFinite(b) && p >= 0 && p <= 1)) return NaN;
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 200 && hi - lo > 1e-15; i++) {
    const mid = (lo + hi) / 2;
    if (betainc(a, b, mid) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
