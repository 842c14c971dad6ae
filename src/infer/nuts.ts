import type { McmcOptions } from "./mcmc/mcmc-options.js";
import { samplePosterior } from "./mcmc/sample-posterior.js";
import type { Posterior } from "./posterior.js";
import type { Potential } from "./potential.js";
import type { ModelRef } from "./mcmc/parallel/model-ref.js";

/**
 * Samples a posterior with the No-U-Turn Sampler exactly as Stan runs it: multinomial NUTS with the
 * generalised U-turn check, divergences at an energy error > 1000, trees of depth ≤ `maxTreeDepth`;
 * warm-up with the step-size heuristic, dual averaging toward `targetAccept` and windowed (75 /
 * 25·2^k / 50) adaptation of a diagonal or dense metric; inits uniform(−2, 2) on the unconstrained
 * scale. Chains are seeded from `seed` (chain c uses `random.split(key, chains)[c]`).
 *
 * `model` is a model function (called as `model(...args)`; its log density is built and compiled
 * by `infer.logDensity`), or any `Potential` `{ dim, logDensityAndGrad }` (its draws are the site "q").
 * With `chainMethod: "parallel"` the model is `{ module: import.meta.url, export: "name" }` and the
 * chains run in worker threads (Node); the result is a Promise of the same draws.
 *
 * @example
 * const model = (y: Tensor) => {
 *   const mu = infer.sample("mu", new distributions.Normal(0, 10));
 *   infer.sample("y", new distributions.Normal(mu, 1), { obs: y });
 * };
 * const post = infer.nuts(model, { args: [y], seed: 0 });
 * post.draws("mu"); // [4, 1000]
 * console.log(post.summary().toString());
 * // in parallel: export the model from its module, then
 * const par = await infer.nuts({ module: import.meta.url, export: "model" }, { args: [y], seed: 0, chainMethod: "parallel" });
 */
export function nuts(model: ModelRef, opts: McmcOptions & { chainMethod: "parallel" }): Promise<Posterior>;
export function nuts(model: Potential | ((...args: never[]) => unknown), opts?: McmcOptions): Posterior;
export function nuts(model: Potential | ((...args: never[]) => unknown) | ModelRef, opts?: McmcOptions): Posterior | Promise<Posterior> {
  return samplePosterior("infer.nuts", "nuts", model, opts);
}
