import { checkFiniteNumber, checkFunction, checkOptions, argumentError, inFunction } from "../core/validate.js";
import { globalKey } from "../distributions/global-key.js";
import { checkKey, type PRNGKey } from "../random/key.js";
import type { Tensor } from "../tensor/tensor.js";
import { MovingAverages } from "./baselines.js";
import { StochasticContext } from "./stochastic-context.js";

/** Options of `stochastic.objective`. */
export interface ObjectiveOptions {
  /** The key split per site (default: a fresh key from the global generator on every call). */
  key?: PRNGKey;
  /**
   * Loaded DiCE's λ in [0, 1] (default 1): higher-order terms between score sites k apart along a
   * cost's credited chain are scaled by λ^k. 1 is unbiased at every order; λ < 1 trades bias at
   * second and higher orders for variance; the first derivative and the value are the same for every λ.
   */
  discount?: number;
}

/** What a call of `stochastic.objective(model)` returns. */
export interface ObjectiveResult {
  /** Σ costs (detached): the Monte Carlo estimate of E[Σ costs]. */
  value: Tensor;
  /** The DiCE surrogate: equal to `value`; its gradients of every order are unbiased estimates. */
  surrogate: Tensor;
  /** The recorded costs by name. */
  costs: Record<string, Tensor>;
  /** Σ over learned baselines of Σ (b − stopGradient(downstream cost))²: add it to train them (0 without). */
  baselineLoss: Tensor;
}

const FN = "objective";

/**
 * A stochastic computation graph (Schulman et al. 2015) as a function: `model(sc, ...args)` draws
 * with `sc.sample(name, dist, { estimator, baseline, samples, perSample, dependsOn })` and records
 * `sc.cost(name, value, { dependsOn })`; the result's `surrogate` is
 * Σ_c magicBox(Σ_{w credited by c} logProb_w)·c + Σ_w b_w·magicBox(Σ_{ancestors of w} logProb)·(1 − magicBox(logProb_w)),
 * so `grad`/`hvp` of it are unbiased at every order (DiCE, Foerster et al. 2018; the baseline term is
 * Loaded DiCE's, Mao et al. 2019 / Farquhar et al. 2019: it has value 0 and, because b_w does not
 * depend on w, each of its derivatives has expectation 0 given w's ancestors).
 * With `discount` λ < 1 (Loaded DiCE) magicBox(L_c) becomes 1 + Σ_j (magicBox(w_j) − magicBox(λ·w_{j−1})) along
 * the chain of c's credited sites in call order, w_j = λ·w_{j−1} + logProb_j (the same at λ = 1).
 * NOTE: by default a cost credits every score site drawn before it (call order) and a site depends on
 * every site drawn before it: unbiased, but noisier than the true downstream sets, which the user
 * may declare with `dependsOn` (the closure over the named sites' own dependencies is taken). A
 * cost's tensor is summed unless a site opted in to `perSample` credit.
 * NOTE: "movingAverage" baselines live in the returned function (one average per site name, updated
 * on every call, read before this call's costs are folded in); they need an objective without a fixed
 * `key`, whose calls draw fresh samples. Transforms that call the function several times (`hessian`,
 * `jacfwd`: once per input coordinate) then see a fresh draw per call; use `hvp` or a fixed key
 * where one draw must serve the whole derivative.
 *
 * @example
 * const f = stochastic.objective((sc, p: Tensor) => { const x = sc.sample("x", new distributions.Bernoulli({ probs: p }), { estimator: "score", baseline: "movingAverage" }); sc.cost("c", x); });
 * grad((p: Tensor) => f(p).surrogate)(scalar(0.3));
 */
export function objective<A extends unknown[]>(
  model: (sc: StochasticContext, ...args: A) => unknown,
  opts?: ObjectiveOptions,
): (...args: A) => ObjectiveResult {
  checkFunction(model, FN, "model");
  const o = checkOptions<ObjectiveOptions>(opts, FN);
  for (const k of Object.keys(o)) if (k !== "key" && k !== "discount") throw argumentError(FN, `options.${k}`, "one of key, discount", k);
  const fixed = o.key === undefined ? undefined : checkKey(o.key, FN, "options.key");
  const discount = o.discount === undefined ? 1 : checkFiniteNumber(o.discount, FN, "options.discount", "nonnegative");
  if (discount > 1) throw argumentError(FN, "options.discount", "a number in [0, 1]", o.discount);
  const averages = new MovingAverages();
  return (...args: A): ObjectiveResult => {
    const sc = new StochasticContext(fixed ?? inFunction(FN, globalKey), averages, fixed !== undefined, discount);
    const out = model(sc, ...args);
    if (out instanceof Promise) throw argumentError(FN, "model", "a synchronous function (it returned a Promise)", out);
    const { value, surrogate, baselineLoss } = sc.finish();
    return { value, surrogate, costs: sc.costs, baselineLoss };
  };
}
