import { argumentError } from "../../core/validate.js";
import { Posterior } from "../posterior.js";
import { resolveOptions } from "./resolve-options.js";
import { runChains } from "./run-chains.js";
import { samplingTarget } from "./sampling-target.js";

/**
 * What `infer.nuts` and `infer.hmc` share: check the target and the options, run the chains, build
 * the `Posterior`. Validation happens here, once; the chains run on Float64Arrays.
 */
export function samplePosterior(fn: string, algorithm: "nuts" | "hmc", model: unknown, opts: unknown): Posterior {
  if (typeof model === "function")
    throw argumentError(fn, "model", "a Potential { dim, logDensityAndGrad(q, grad) } (model functions need infer.logDensity, not yet available)", model);
  const target = samplingTarget(model, fn, "model");
  const { config, chains, key } = resolveOptions(fn, algorithm, opts, target.potential.dim);
  const { results, siteDraws } = runChains(target, config, chains, key);
  return new Posterior({ config, chains, sites: target.sites, results, siteDraws });
}
