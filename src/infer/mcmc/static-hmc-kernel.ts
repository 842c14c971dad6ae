import type { ChainRng } from "./chain-rng.js";
import type { Hamiltonian } from "./hamiltonian.js";
import { jitteredStepSize, MAX_DELTA_H, type Kernel } from "./kernel.js";
import { PhasePoint } from "./phase-point.js";
import { emptyStats, type TransitionStats } from "./transition-stats.js";

/**
 * The most leapfrog steps a transition derives from the integration time.
 * NOTE: PyMC's `max_steps` (1024); Stan has no cap, but without one a tiny step early in warm-up
 * (or a huge T) makes a single transition take arbitrarily long. An explicit `numSteps` is not capped.
 */
export const MAX_STEPS = 1024;

/**
 * Stan's static HMC transition (`base_static_hmc.hpp`): L leapfrog steps then a Metropolis
 * accept/reject of the end point. L is fixed (`numSteps`) or follows the integration time T as the
 * step size adapts, L = max(1, ⌊T/ε⌋) (Stan's `update_L_`), at most `MAX_STEPS`.
 *
 * NOTE: Stan's static HMC never flags divergences; this one flags an energy error > 1000 (or NaN) at
 * the end point, as NUTS does, so `divergences` means the same for both samplers.
 */
export class StaticHmcKernel implements Kernel {
  private nominal = 1;
  private numSteps = 1;
  private readonly z: PhasePoint;
  private readonly stats = emptyStats();

  /** Static HMC on `hamiltonian`: either `fixedSteps` leapfrog steps, or integration time `time`. */
  constructor(readonly hamiltonian: Hamiltonian, readonly fixedSteps: number | undefined, readonly time: number, readonly jitter = 0) {
    this.z = new PhasePoint(hamiltonian.potential.dim);
    this.stepSize = 1;
  }

  /** The nominal step size; setting it recomputes L from the integration time. */
  get stepSize(): number {
    return this.nominal;
  }
  set stepSize(eps: number) {
    this.nominal = eps;
    this.numSteps = this.fixedSteps ?? Math.min(MAX_STEPS, Math.max(1, Math.trunc(this.time / eps)));
  }

  /** One HMC transition from `init` (q, ∇log p and log p set); writes the draw into `init`. */
  transition(init: PhasePoint, rng: ChainRng): TransitionStats {
    const H = this.hamiltonian;
    const z = this.z;
    const eps = jitteredStepSize(this.nominal, this.jitter, rng);
    z.copyFrom(init);
    H.metric.sampleMomentum(rng, z.p);
    init.p.set(z.p);
    const h0 = H.energy(z);
    for (let i = 0; i < this.numSteps; i++) H.leapfrog(z, eps);
    const h = H.energy(z);
    let accept = Math.exp(h0 - h);
    if (!(accept < 1 && rng.uniform() > accept)) init.copyFrom(z);
    accept = accept > 1 ? 1 : accept;
    const s = this.stats;
    s.acceptStat = accept;
    s.stepSize = eps;
    s.treeDepth = 0;
    s.nLeapfrog = this.numSteps;
    s.divergent = h - h0 > MAX_DELTA_H;
    s.energy = H.energy(init);
    s.lp = init.lp;
    return s;
  }
}
