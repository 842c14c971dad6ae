import { autocovariance } from "./autocovariance.js";
import { checkChains, checkProbability, finiteAndVarying, pool, splitChains, type Chains } from "./chains.js";
import { quantile, sortedQuantile } from "./quantile.js";
import { rankNormalize } from "./rank-normalize.js";

/**
 * The effective sample size of M chains of N draws (no splitting, no normalisation): Stan's
 * `ess` and posterior's `.ess`. NaN with fewer than 3 draws per chain, any NaN/±∞ draw, or constant draws.
 * ρ̂_t = 1 − (W − mean_m γ_m(t))/var⁺ with W the mean within-chain variance and var⁺ = W(N−1)/N +
 * var(chain means); Geyer's initial positive sequence (pairs ρ̂_{2k} + ρ̂_{2k+1} > 0), made monotone;
 * τ̂ = −1 + 2Σ_{t<T} ρ̂_t + ρ̂_T, at least 1/log10(MN); ESS = MN/τ̂.
 */
export function essRaw(chains: readonly Float64Array[]): number {
  const m = chains.length;
  const n = chains[0]!.length;
  if (n < 3 || !finiteAndVarying(chains)) return NaN;
  const meanAcov = meanAutocovariance(chains);
  const chainMeans = chains.map((c) => c.reduce((a, b) => a + b, 0) / n);
  const meanVar = (meanAcov(0) * n) / (n - 1);
  let varPlus = (meanVar * (n - 1)) / n;
  if (m > 1) varPlus += sampleVariance(chainMeans);
  const rho = new Float64Array(n);
  let t = 0;
  let rhoEven = 1;
  rho[0] = rhoEven;
  let rhoOdd = 1 - (meanVar - meanAcov(1)) / varPlus;
  rho[1] = rhoOdd;
  // Geyer's initial positive sequence: sums of adjacent pairs while they stay positive.
  while (t < n - 5 && !Number.isNaN(rhoEven + rhoOdd) && rhoEven + rhoOdd > 0) {
    t += 2;
    rhoEven = 1 - (meanVar - meanAcov(t)) / varPlus;
    rhoOdd = 1 - (meanVar - meanAcov(t + 1)) / varPlus;
    if (rhoEven + rhoOdd >= 0) {
      rho[t] = rhoEven;
      rho[t + 1] = rhoOdd;
    }
  }
  const maxT = t;
  // The improved estimate (antithetic chains) keeps the first even term that ended the sequence.
  if (rhoEven > 0) rho[maxT] = rhoEven;
  // Geyer's initial monotone sequence: a pair sum never exceeds the previous one.
  t = 0;
  while (t <= maxT - 4) {
    t += 2;
    if (rho[t]! + rho[t + 1]! > rho[t - 2]! + rho[t - 1]!) {
      rho[t] = (rho[t - 2]! + rho[t - 1]!) / 2;
      rho[t + 1] = rho[t]!;
    }
  }
  const total = m * n;
  let tau = -1 + rho[maxT]!;
  for (let i = 0; i < maxT; i++) tau += 2 * rho[i]!;
  // NOTE: as Stan and posterior, τ̂ ≥ 1/log10(MN), so the ESS is at most MN·log10(MN).
  tau = Math.max(tau, 1 / Math.log10(total));
  return total / tau;
}

/**
 * t ↦ the mean over chains of the autocovariance at lag t. The first lags are direct sums (O(N)
 * each); past a few dozen lags (slowly mixing chains) all lags come from one FFT per chain.
 * NOTE: Geyer's sequence usually stops after a few lags, so this is much cheaper than Stan's
 * FFT of every chain and gives the same values up to rounding.
 */
function meanAutocovariance(chains: readonly Float64Array[]): (t: number) => number {
  const m = chains.length;
  const n = chains[0]!.length;
  const centered = chains.map((c) => {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += c[i]!;
    mean /= n;
    return c.map((v) => v - mean);
  });
  const direct = 2 * Math.ceil(Math.log2(2 * n)) + 8;
  let full: Float64Array[] | null = null;
  return (t) => {
    let s = 0;
    if (full === null && t < direct) {
      for (const y of centered) {
        let d = 0;
        for (let i = 0; i + t < n; i++) d += y[i]! * y[i + t]!;
        s += d / n;
      }
    } else {
      full ??= chains.map(autocovariance);
      for (const a of full) s += a[t]!;
    }
    return s / m;
  };
}

/** The sample variance (denominator n − 1) of `values`. */
export function sampleVariance(values: ArrayLike<number>): number {
  const n = values.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i]!;
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i]! - mean) ** 2;
  return ss / (n - 1);
}

/**
 * Bulk effective sample size (Vehtari et al. 2021): the ESS of the split, rank-normalised chains.
 * NaN for NaN/±∞ or constant draws, or fewer than 6 draws per chain (3 per split chain).
 *
 * @example
 * const n = infer.diagnostics.essBulk([chain0, chain1, chain2, chain3]);
 */
export function essBulk(chains: Chains): number {
  const c = checkChains(chains, "essBulk");
  if (!finiteAndVarying(c)) return NaN;
  return essRaw(rankNormalize(splitChains(c)));
}

/**
 * The ESS of the quantile indicator 1[x ≤ q_p] (q_p the type-7 quantile of all draws) over the split
 * chains: how well the draws estimate the p-quantile (posterior's `ess_quantile`).
 *
 * @example
 * const n = infer.diagnostics.essQuantile(chains, 0.95);
 */
export function essQuantile(chains: Chains, p: number): number {
  const c = checkChains(chains, "essQuantile");
  return essQuantileOf(c, checkProbability(p, "essQuantile", "p"));
}

/** `essQuantile` on checked chains (`sorted`: all their draws sorted, when the caller has them). */
export function essQuantileOf(chains: readonly Float64Array[], p: number, sorted?: Float64Array): number {
  if (!finiteAndVarying(chains)) return NaN;
  const q = sorted ? sortedQuantile(sorted, p) : quantile(pool(chains), p);
  return essRaw(splitChains(chains.map((c) => c.map((v) => (v <= q ? 1 : 0)))));
}

/**
 * Tail effective sample size (Vehtari et al. 2021): the smaller ESS of the 5% and 95% quantile
 * indicators. NaN for NaN/±∞ or constant draws and for too few draws.
 *
 * @example
 * const n = infer.diagnostics.essTail(chains);
 */
export function essTail(chains: Chains): number {
  const c = checkChains(chains, "essTail");
  return Math.min(essQuantileOf(c, 0.05), essQuantileOf(c, 0.95));
}

/**
 * The ESS for the mean: of the split chains, without rank normalisation (posterior's `ess_mean`,
 * the one MCSE of the mean uses).
 *
 * @example
 * const n = infer.diagnostics.essMean(chains);
 */
export function essMean(chains: Chains): number {
  return essRaw(splitChains(checkChains(chains, "essMean")));
}
