import type { ChainRng } from "./chain-rng.js";
import type { Hamiltonian } from "./hamiltonian.js";
import type { PhasePoint } from "./phase-point.js";
import type { TransitionStats } from "./transition-stats.js";

/** The energy error above which a trajectory is divergent (Stan's `max_deltaH_`). */
export const MAX_DELTA_H = 1000;

/**
 * An HMC transition kernel (NUTS or static HMC) with a nominal step size that adaptation sets.
 * `transition(z)` moves `z` (q, ∇log p, log p filled in) to the next draw and returns its stats.
 */
export interface Kernel {
  /** The Hamiltonian (its metric is what adaptation replaces). */
  readonly hamiltonian: Hamiltonian;
  /** The nominal step size ε (Stan's `nom_epsilon_`). */
  stepSize: number;
  /** One transition from `z`, in place; the returned record is reused by the next call. */
  transition(z: PhasePoint, rng: ChainRng): TransitionStats;
}

/** ε for one transition: nominal · (1 + jitter·(2u − 1)) (Stan's `sample_stepsize`; no draw when jitter is 0). */
export function jitteredStepSize(nominal: number, jitter: number, rng: ChainRng): number {
  return jitter === 0 ? nominal : nominal * (1 + jitter * (2 * rng.uniform() - 1));
}
