import type { McmcOptions } from "./mcmc/mcmc-options.js";
import { samplePosterior } from "./mcmc/sample-posterior.js";
import type { Posterior } from "./posterior.js";
import type { Potential } from "./potential.js";

/**
 * Samples a posterior with the No-U-Turn Sampler exactly as Stan runs it: multinomial NUTS with the
 * generalised U-turn check, divergences at an energy error > 1000, trees of depth ≤ `maxTreeDepth`;
 * warm-up with the step-size heuristic, dual averaging toward `targetAccept` and windowed (75 /
 * 25·2^k / 50) adaptation of a diagonal or dense metric; inits uniform(−2, 2) on the unconstrained
 * scale. Chains are seeded from `seed` (chain c uses `random.split(key, chains)[c]`).
 *
 * `model` is a `Potential` (`infer.logDensity(model)` or any `{ dim, logDensityAndGrad }`).
 *
 * @example
 * const target: Potential = { dim: 1, logDensityAndGrad: (q, g) => { g[0] = -q[0]!; return -0.5 * q[0]! ** 2; } };
 * const post = infer.nuts(target, { seed: 0 });
 * post.draws("q"); // [4, 1000, 1]
 */
export function nuts(model: Potential, opts?: McmcOptions): Posterior {
  return samplePosterior("infer.nuts", "nuts", model, opts);
}
