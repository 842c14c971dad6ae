import { argumentError } from "../../core/validate.js";

/**
 * The energy Bayesian fraction of missing information of one chain (Betancourt 2016):
 * Σ_{n≥1} (E_n − E_{n−1})² / Σ_n (E_n − Ē)² over the Hamiltonian energy of each draw. Below 0.3
 * the momentum resampling explores the energy poorly (a heavy-tailed or funnel-shaped posterior).
 * NaN with fewer than 2 draws, a NaN/±∞ energy, or constant energy.
 * NOTE: Stan's and PyStan's formula; ArviZ's `bfmi` divides the mean squared difference by the
 * variance instead, which is N/(N − 1) times larger.
 *
 * @example
 * const e = infer.diagnostics.ebfmi(energyOfChain0); // a Float64Array or number[]: 0.9 is healthy
 */
export function ebfmi(energy: ArrayLike<number>): number {
  if (!(energy instanceof Float64Array || energy instanceof Float32Array || Array.isArray(energy)))
    throw argumentError("ebfmi", "energy", "a Float64Array or an array of numbers (one chain's energies)", energy);
  const n = energy.length;
  let mean = 0;
  for (let i = 0; i < n; i++) {
    const e: unknown = energy[i];
    if (typeof e !== "number") throw argumentError("ebfmi", `energy[${i}]`, "a number", e);
    mean += e;
  }
  if (n < 2 || !Number.isFinite(mean)) return NaN;
  mean /= n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    const e = energy[i]!;
    den += (e - mean) ** 2;
    if (i > 0) num += (e - energy[i - 1]!) ** 2;
  }
  return den > 0 ? num / den : NaN;
}
