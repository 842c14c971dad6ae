import { argumentError, inFunction } from "../../../core/validate.js";
import { logDensity } from "../../model/log-density.js";
import { Posterior } from "../../posterior.js";
import { resolveOptions } from "../resolve-options.js";
import { samplingTarget } from "../sampling-target.js";
import { checkModelRef, isModelRef, loadModel } from "./model-ref.js";
import { hardwareThreads, runChainsParallel } from "./run-chains-parallel.js";
import { encodeArgs } from "./wire.js";

/**
 * `infer.nuts`/`infer.hmc` with `chainMethod: "parallel"`: imports the model of a `{ module, export }`
 * reference here (to check it and describe its sites), then runs the chains in worker threads that
 * import it too. Errors reject the Promise.
 */
export async function samplePosteriorParallel(fn: string, algorithm: "nuts" | "hmc", model: unknown, opts: unknown): Promise<Posterior> {
  if (!isModelRef(model))
    throw argumentError(fn, "model", `a model as { module, export } for options.chainMethod "parallel" (a worker imports the model's module: a function or a Potential cannot be sent to another thread)`, model);
  const { url, name } = checkModelRef(model, fn, "model");
  const fnModel = await loadModel(url, name, fn, "model");
  const args = (opts as { args?: unknown }).args;
  if (args !== undefined && !Array.isArray(args)) throw argumentError(fn, "options.args", "an array of the model's arguments", args);
  const ld = inFunction(fn, () => logDensity(fnModel, { args: args as unknown[] | undefined }));
  const target = samplingTarget(ld, fn, "model");
  const { config, chains, key, workers } = resolveOptions(fn, algorithm, opts, target.potential.dim);
  const encoded = encodeArgs((args as unknown[] | undefined) ?? [], fn);
  try {
    const { results, siteDraws } = await runChainsParallel(target, config, chains, key, { url, name, args: encoded }, workers ?? Math.min(chains, hardwareThreads()));
    return new Posterior({ config, chains, sites: target.sites, results, siteDraws });
  } finally {
    config.progress?.stop?.();
  }
}
