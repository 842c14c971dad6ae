import { checkChains, checkProbability, pool, type Chains } from "./chains.js";
import { betaQuantile } from "./beta-quantile.js";
import { essMean, essQuantileOf, sampleVariance } from "./ess.js";

/**
 * Monte Carlo standard error of the posterior mean: sd/√ESS, with sd over all draws and the ESS of
 * the split chains (posterior's `mcse_mean`). NaN where the ESS is (NaN/±∞ or constant draws).
 *
 * @example
 * const se = infer.diagnostics.mcseMean(chains);
 */
export function mcseMean(chains: Chains): number {
  const c = checkChains(chains, "mcseMean");
  return Math.sqrt(sampleVariance(pool(c))) / Math.sqrt(essMean(c));
}

/** Φ(−1) and Φ(1) as posterior's `mcse_quantile` writes them (7 digits). */
const ONE_SIGMA: readonly [number, number] = [0.1586553, 0.8413447];

/**
 * Monte Carlo standard error of the p-quantile (Vehtari et al. 2021, §4.3; posterior's
 * `mcse_quantile`): with E the ESS of the quantile indicator, the Beta(Ep + 1, E(1 − p) + 1)
 * quantiles a₁, a₂ at Φ(∓1) pick order statistics x_(⌊a₁S⌋) and x_(⌈a₂S⌉) of the S sorted draws;
 * the MCSE is half their distance.
 *
 * @example
 * const se = infer.diagnostics.mcseQuantile(chains, 0.05);
 */
export function mcseQuantile(chains: Chains, p: number): number {
  const fn = "mcseQuantile";
  const c = checkChains(chains, fn);
  return mcseQuantileOf(c, checkProbability(p, fn, "p"));
}

/** `mcseQuantile` on checked chains. */
export function mcseQuantileOf(chains: readonly Float64Array[], p: number): number {
  const ess = essQuantileOf(chains, p);
  if (Number.isNaN(ess)) return NaN;
  const a1 = betaQuantile(ONE_SIGMA[0], ess * p + 1, ess * (1 - p) + 1);
  const a2 = betaQuantile(ONE_SIGMA[1], ess * p + 1, ess * (1 - p) + 1);
  const sorted = pool(chains).sort();
  const s = sorted.length;
  const th1 = sorted[Math.max(Math.floor(a1 * s), 1) - 1]!;
  const th2 = sorted[Math.min(Math.ceil(a2 * s), s) - 1]!;
  return (th2 - th1) / 2;
}
