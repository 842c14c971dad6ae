/** One iteration's sampler statistics, as Stan writes them (`accept_stat__`, `stepsize__`, …). */
export interface TransitionStats {
  /** The mean Metropolis acceptance probability over the trajectory (`accept_stat__`). */
  acceptStat: number;
  /** The step size used (after jitter) (`stepsize__`). */
  stepSize: number;
  /** The tree depth (NUTS; 0 for static HMC) (`treedepth__`). */
  treeDepth: number;
  /** The number of leapfrog steps (`n_leapfrog__`). */
  nLeapfrog: number;
  /** Whether the trajectory diverged (energy error > 1000, or NaN) (`divergent__`). */
  divergent: boolean;
  /** The Hamiltonian at the selected point (`energy__`). */
  energy: number;
  /** log p at the selected point (`lp__`, up to the same constant as the potential). */
  lp: number;
}

/** A fresh stats record (all zero). */
export function emptyStats(): TransitionStats {
  return { acceptStat: 0, stepSize: 0, treeDepth: 0, nLeapfrog: 0, divergent: false, energy: 0, lp: 0 };
}
