import type { HmcOptions } from "./mcmc/mcmc-options.js";
import { samplePosterior } from "./mcmc/sample-posterior.js";
import type { Posterior } from "./posterior.js";
import type { Potential } from "./potential.js";
import type { ModelRef } from "./mcmc/parallel/model-ref.js";

/**
 * Samples a posterior with static Hamiltonian Monte Carlo as Stan runs it: `numSteps` leapfrog steps
 * (or ⌊trajectoryLength/ε⌋, default T = 2π) then a Metropolis accept/reject, with the same warm-up as
 * `infer.nuts` (step-size heuristic, dual averaging, windowed metric adaptation) and optional
 * step-size jitter. Seeded like `infer.nuts`.
 *
 * @example
 * const post = infer.hmc(target, { numSteps: 10, seed: 0 });
 */
export function hmc(model: ModelRef, opts: HmcOptions & { chainMethod: "parallel" }): Promise<Posterior>;
export function hmc(model: Potential | ((...args: never[]) => unknown), opts?: HmcOptions): Posterior;
export function hmc(model: Potential | ((...args: never[]) => unknown) | ModelRef, opts?: HmcOptions): Posterior | Promise<Posterior> {
  return samplePosterior("infer.hmc", "hmc", model, opts);
}
