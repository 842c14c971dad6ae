import { ArgumentError } from "../../core/errors.js";
import type { ChainRng } from "./chain-rng.js";
import type { Hamiltonian } from "./hamiltonian.js";
import { PhasePoint } from "./phase-point.js";

const LOG_08 = Math.log(0.8);

/**
 * Stan's initial step-size heuristic (`base_hmc::init_stepsize`): from `z`, with fresh momenta each
 * time, take one leapfrog step of ε and double ε while the acceptance exp(H0 − H) stays above 0.8
 * (or halve it while it stays below) until that flips. Returns the new ε; `z` is left unchanged.
 * Throws when ε passes 1e7 (improper posterior) or underflows to 0, naming `fn`.
 */
export function initStepSize(fn: string, H: Hamiltonian, z: PhasePoint, eps: number, rng: ChainRng): number {
  if (eps === 0 || eps > 1e7 || eps !== eps) return eps;
  const w = new PhasePoint(z.q.length);
  const deltaH = (): number => {
    w.copyFrom(z);
    H.metric.sampleMomentum(rng, w.p);
    const h0 = H.energy(w);
    H.leapfrog(w, eps);
    return h0 - H.energy(w);
  };
  const direction = deltaH() > LOG_08 ? 1 : -1;
  while (true) {
    const d = deltaH();
    if (direction === 1 && !(d > LOG_08)) break;
    if (direction === -1 && !(d < LOG_08)) break;
    eps = direction === 1 ? 2 * eps : 0.5 * eps;
    if (eps > 1e7)
      throw new ArgumentError(`${fn}: the posterior is improper (the step size heuristic passed 1e7 with acceptance still above 0.8); check the model`);
    if (eps === 0)
      throw new ArgumentError(`${fn}: no acceptably small step size could be found (the step size underflowed to 0); is the log density continuous and finite near the initial point?`);
  }
  return eps;
}
