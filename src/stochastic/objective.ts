import { checkFunction, checkOptions, argumentError, inFunction } from "../core/validate.js";
import { globalKey } from "../distributions/global-key.js";
import { checkKey, type PRNGKey } from "../random/key.js";
import type { Tensor } from "../tensor/tensor.js";
import { StochasticContext } from "./stochastic-context.js";

/** Options of `stochastic.objective`. */
export interface ObjectiveOptions {
  /** The key split per site (default: a fresh key from the global generator on every call). */
  key?: PRNGKey;
}

/** What a call of `stochastic.objective(model)` returns. */
export interface ObjectiveResult {
  /** Σ costs (detached): the Monte Carlo estimate of E[Σ costs]. */
  value: Tensor;
  /** The DiCE surrogate: equal to `value`; its gradients of every order are unbiased estimates. */
  surrogate: Tensor;
  /** The recorded costs by name. */
  costs: Record<string, Tensor>;
}

const FN = "objective";

/**
 * A stochastic computation graph (Schulman et al. 2015) as a function: `model(sc, ...args)` draws
 * with `sc.sample(name, dist, { estimator, baseline })` and records `sc.cost(name, value)`; the
 * result's `surrogate` is Σ_c magicBox(Σ_{score samples before c} logProb)·c + Σ_s (1 − magicBox(logProb_s))·b_s,
 * so `grad`/`hvp` of it are unbiased at every order (DiCE, Foerster et al. 2018).
 * NOTE: "before" is call order; a cost's tensor is summed (its samples share one score term, which
 * is unbiased but noisier than per-sample credit). A constant baseline's term has expectation 0 under
 * every derivative, so baselines keep every order unbiased; they reduce variance of the first
 * derivative (at higher orders the variance may not fall).
 *
 * @example
 * const f = stochastic.objective((sc, p: Tensor) => { const x = sc.sample("x", new distributions.Bernoulli({ probs: p }), { estimator: "score" }); sc.cost("c", x); });
 * grad((p: Tensor) => f(p).surrogate)(scalar(0.3));
 */
export function objective<A extends unknown[]>(
  model: (sc: StochasticContext, ...args: A) => unknown,
  opts?: ObjectiveOptions,
): (...args: A) => ObjectiveResult {
  checkFunction(model, FN, "model");
  const o = checkOptions<ObjectiveOptions>(opts, FN);
  for (const k of Object.keys(o)) if (k !== "key") throw argumentError(FN, `options.${k}`, "one of key", k);
  const fixed = o.key === undefined ? undefined : checkKey(o.key, FN, "options.key");
  return (...args: A): ObjectiveResult => {
    const sc = new StochasticContext(fixed ?? inFunction(FN, globalKey));
    const out = model(sc, ...args);
    if (out instanceof Promise) throw argumentError(FN, "model", "a synchronous function (it returned a Promise)", out);
    const { value, surrogate } = sc.finish();
    return { value, surrogate, costs: sc.costs };
  };
}
