import { argumentError, inFunction } from "../../core/validate.js";
import { logDensity } from "../model/log-density.js";
import { Posterior } from "../posterior.js";
import { checkChainMethod, resolveOptions } from "./resolve-options.js";
import { isModelRef } from "./parallel/model-ref.js";
import { runChains } from "./run-chains.js";
import { samplingTarget } from "./sampling-target.js";
import { samplePosteriorParallel } from "./parallel/sample-posterior-parallel.js";

/**
 * What `infer.nuts` and `infer.hmc` share: check the target and the options, run the chains, build
 * the `Posterior`. A model function becomes `infer.logDensity(model, { args })` (compiled). Validation
 * happens here, once; the chains run on Float64Arrays.
 */
export function samplePosterior(fn: string, algorithm: "nuts" | "hmc", model: unknown, opts: unknown): Posterior | Promise<Posterior> {
  const chainMethod = (opts as { chainMethod?: unknown } | null | undefined)?.chainMethod;
  if (chainMethod === "parallel") return samplePosteriorParallel(fn, algorithm, model, opts);
  checkChainMethod(chainMethod, fn);
  if (isModelRef(model)) throw argumentError(fn, "model", `a model function or a Potential (a model given as { module, export } is for options.chainMethod "parallel")`, model);
  const args = (opts as { args?: unknown } | null | undefined)?.args;
  if (typeof model !== "function" && args !== undefined)
    throw argumentError(fn, "options.args", "undefined for a Potential (args are a model function's arguments)", args);
  if (typeof model === "function" && args !== undefined && !Array.isArray(args))
    throw argumentError(fn, "options.args", "an array of the model's arguments", args);
  const potential = typeof model === "function" ? inFunction(fn, () => logDensity(model as (...a: never[]) => unknown, { args: args as unknown[] | undefined })) : model;
  const target = samplingTarget(potential, fn, "model");
  const { config, chains, key } = resolveOptions(fn, algorithm, opts, target.potential.dim);
  let out: ReturnType<typeof runChains>;
  try {
    out = runChains(target, config, chains, key);
  } finally {
    config.progress?.stop?.();
  }
  const { results, siteDraws } = out;
  return new Posterior({ config, chains, sites: target.sites, results, siteDraws });
}
