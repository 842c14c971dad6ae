import { argumentError, checkOptions } from "../../core/validate.js";
import { Distribution } from "../../distributions/distribution.js";
import type { TensorLike } from "../../ops/index.js";
import type { Tensor } from "../../tensor/tensor.js";
import { fillMessage } from "./fill-message.js";
import { newMessage } from "./message.js";
import { applyStack, handlersActive } from "./messenger.js";
import { checkSiteName, siteTensor } from "./site-value.js";

/** Options of `infer.sample`. */
export interface SampleOptions {
  /** Observed data: the site is conditioned on it (its log density counts, nothing is drawn). */
  obs?: TensorLike;
}

const FN = "infer.sample";

/**
 * A random variable of a model (NumPyro's `numpyro.sample`): returns `obs` when given, else a draw
 * from `dist`, or whatever the active handlers decide (a substituted value, a replayed one). Outside
 * every handler it simply draws, with the global generator (see `manualSeed`); under `seed` with its key.
 *
 * @example
 * const model = (y: Tensor) => { const mu = infer.sample("mu", new Normal(0, 10)); infer.sample("y", new Normal(mu, 1), { obs: y }); };
 */
export function sample(name: string, dist: Distribution, options?: SampleOptions): Tensor {
  checkSiteName(name, FN);
  if (!(dist instanceof Distribution)) throw argumentError(FN, "dist", "a distribution (distributions.*)", dist);
  const o = checkOptions<SampleOptions>(options, FN);
  for (const k of Object.keys(o)) if (k !== "obs") throw argumentError(FN, `options.${k}`, "one of obs", k);
  const obs = o.obs === undefined ? null : siteTensor(o.obs, FN, name, "obs");
  return sampleSite(name, dist, obs, FN);
}

/** Sends a sample site through the handlers (or acts directly outside them); errors name `fn`. */
export function sampleSite(name: string, dist: Distribution, obs: Tensor | null, fn: string): Tensor {
  const msg = newMessage("sample", name, dist, obs);
  msg.isObserved = obs !== null;
  if (!handlersActive()) {
    fillMessage(msg, fn);
    return msg.value!;
  }
  return applyStack(msg, (m) => fillMessage(m, fn)).value!;
}
