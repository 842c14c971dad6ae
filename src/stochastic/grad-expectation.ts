import { ArgumentError } from "../core/errors.js";
import { argumentError, checkFiniteNumber, checkFunction, checkInteger, checkOptions, describeValue, inFunction } from "../core/validate.js";
import { Distribution } from "../distributions/distribution.js";
import { globalKey } from "../distributions/global-key.js";
import { Bernoulli } from "../distributions/bernoulli.js";
import { Normal } from "../distributions/normal.js";
import { OneHotCategorical } from "../distributions/one-hot-categorical.js";
import { Poisson } from "../distributions/poisson.js";
import { div, mean, mul, reshape, sqrt, sub, sum, toTensor, variance } from "../ops/index.js";
import { stopGradient } from "../primitives/other/stop-gradient.js";
import { checkKey, type PRNGKey } from "../random/key.js";
import { zerosLike } from "../tensor/creation.js";
import { Tensor } from "../tensor/tensor.js";
import { jacfwd } from "../transforms/jacobian.js";
import { flattenValues, numbersToScalars, unflattenValues, type Tree } from "../transforms/tree-values.js";
import { enumerateEstimator } from "./enumerate-estimator.js";
import { measureValued } from "./measure-valued.js";
import { relaxedEstimator } from "./relaxed-estimator.js";

/** The gradient estimators of `gradExpectation`. */
export type Estimator = "pathwise" | "score" | "enumerate" | "leaveOneOut" | "measureValued" | "relaxed" | "straightThrough";

/** Options of `gradExpectation`. */
export interface GradExpectationOptions {
  /** Which estimator (default "score" unless the distribution has `rsample`, then "pathwise"). */
  estimator?: Estimator;
  /** Monte Carlo samples (default 1000; ignored by "enumerate"). */
  samples?: number;
  /** The random key (default: drawn from the global generator, see `manualSeed`). */
  key?: PRNGKey;
  /** A baseline for "score": a constant, or "mean" (the samples' mean cost, slightly biased). */
  baseline?: number | "mean";
  /** The relaxation's temperature τ > 0 for "relaxed" and "straightThrough" (default 2/3). */
  temperature?: number;
}

/** What `gradExpectation` returns; `grad`, `variance` and `stderr` have the parameters' tree structure. */
export interface GradExpectationResult<P> {
  /** The Monte Carlo (or, for "enumerate", exact) estimate of E[f(x)]. */
  value: Tensor;
  /** The gradient estimate ∇θ E[f(x)]. */
  grad: P;
  /** Per-coordinate variance of one sample's gradient estimate (Bessel-corrected; 0 for "enumerate"). */
  variance: P;
  /** The Monte Carlo standard error of `grad`: √(variance / samples) (0 for "enumerate"). */
  stderr: P;
  /**
   * True when `grad` does not estimate ∇θ E f(x) without bias: "relaxed" and "straightThrough"
   * (whose `grad` estimates the gradient of a relaxed objective), and "score" with baseline "mean".
   */
  biased: boolean;
}

const FN = "gradExpectation";
const ESTIMATORS: readonly Estimator[] = ["pathwise", "score", "enumerate", "leaveOneOut", "measureValued", "relaxed", "straightThrough"];
const OPTION_KEYS = ["estimator", "samples", "key", "baseline", "temperature"];
// NOTE: 2/3 is the temperature Maddison et al. (2017) found to work well for binary Concrete variables.
const DEFAULT_TEMPERATURE = 2 / 3;

/** @internal Per-sample functions of the flattened parameters: (leaves) => a vector of shape [n]. */
export type PerSample = (leaves: Tensor[]) => Tensor;

/**
 * Estimates ∇θ E_{x∼p_θ}[f(x)]: `dist(params)` builds p_θ, `f(x)` maps `samples` draws (leading axis)
 * to per-sample costs (shape `[samples]`; trailing axes are summed). Estimators: "pathwise"
 * (reparameterised, needs `hasRsample`), "score" (REINFORCE, optional baseline), "leaveOneOut"
 * (score with each sample's baseline the mean of the others' costs: unbiased, Kool et al. 2019),
 * "enumerate" (exact over `enumerateSupport()`; a batch is enumerated in parallel when f returns
 * per-element costs `[k, ...batchShape]`, else jointly, up to 65,536 joint values),
 * "measureValued" (weak derivatives: Normal's loc and scale, Poisson's rate, Bernoulli's probs; any
 * batch shape, at the cost of f on samples × batch size rows per term), and, for Bernoulli and
 * OneHotCategorical, "relaxed" (the pathwise gradient of the Concrete / Gumbel-softmax relaxation
 * at `temperature`, f evaluated at relaxed samples) and "straightThrough" (f at the hard sample, the
 * gradient through the relaxed one). The last two are biased for E f(x): `biased` says so.
 * NOTE: per-sample gradients come from one forward-mode Jacobian (`jacfwd`) of the vector of
 * per-sample surrogate terms: the cost is one forward pass over all samples per parameter
 * coordinate, so it suits few parameters and many samples.
 *
 * @example
 * gradExpectation((x) => square(x), (p) => new distributions.Normal(p.mu, 1), { mu: 1 }, { estimator: "score" });
 */
export function gradExpectation<P extends Tree>(
  f: (x: Tensor) => Tensor | number,
  dist: (params: P) => Distribution,
  params: P,
  opts?: GradExpectationOptions,
): GradExpectationResult<P> {
  return inFunction(FN, () => estimate(f, dist, params, opts));
}

/** The body of `gradExpectation` (errors from the functions it calls are renamed by `inFunction`). */
function estimate<P extends Tree>(
  f: (x: Tensor) => Tensor | number,
  dist: (params: P) => Distribution,
  params: P,
  opts?: GradExpectationOptions,
): GradExpectationResult<P> {
  checkFunction(f, FN, "f");
  checkFunction(dist, FN, "dist");
  const o = checkOptions<GradExpectationOptions>(opts ?? {}, FN);
  for (const k of Object.keys(o)) if (!OPTION_KEYS.includes(k)) throw argumentError(FN, `options.${k}`, `one of ${OPTION_KEYS.join(", ")}`, k);
  const samples = o.samples === undefined ? 1000 : checkInteger(o.samples, FN, "options.samples", 1);
  const key = o.key === undefined ? globalKey() : checkKey(o.key, FN, "options.key");
  const baseline = o.baseline;
  const temperature = o.temperature === undefined ? DEFAULT_TEMPERATURE : checkFiniteNumber(o.temperature, FN, "options.temperature", "positive");
  if (baseline !== undefined && baseline !== "mean" && !(typeof baseline === "number" && Number.isFinite(baseline)))
    throw argumentError(FN, "options.baseline", `a finite number or "mean"`, baseline);
  const [leaves, def] = flattenValues(numbersToScalars(params, FN), FN);
  const build = (ls: Tensor[]): Distribution => {
    const d = (dist as unknown as (p: unknown) => unknown)(unflattenValues(def, ls));
    if (!(d instanceof Distribution)) throw argumentError(FN, "dist", "a function returning a Distribution", d);
    return d;
  };
  const d0 = build(leaves);
  const estimator = o.estimator ?? (d0.hasRsample ? "pathwise" : "score");
  if (!ESTIMATORS.includes(estimator)) throw argumentError(FN, "options.estimator", ESTIMATORS.map((e) => `"${e}"`).join(", "), estimator);
  const relaxed = estimator === "relaxed" || estimator === "straightThrough";
  if (o.temperature !== undefined && !relaxed) throw argumentError(FN, "options.temperature", `absent for estimator "${estimator}" (only "relaxed" and "straightThrough" take a temperature)`, o.temperature);
  const costs = (x: Tensor, n: number): Tensor => perSampleCosts(f, x, n);
  const biased = relaxed || (estimator === "score" && baseline === "mean");
  const tree = (ls: Tensor[]): P => unflattenValues(def, ls) as P;

  if (estimator === "enumerate") {
    if (!d0.hasEnumerateSupport) throw new ArgumentError(`${FN}: estimator "enumerate" needs a distribution with a finite support; ${d0.name} has none (use ${applicable(d0)})`);
    const { value, grads } = enumerateEstimator(FN, d0, build, leaves, (x) => rawCosts(f, x), costs);
    const zeros = leaves.map((l) => zerosLike(l));
    return { value, grad: tree(grads), variance: tree(zeros), stderr: tree(zeros.map((z) => zerosLike(z))), biased: false };
  }

  let value: Tensor;
  let perSample: PerSample;
  if (estimator === "pathwise") {
    if (!d0.hasRsample) throw new ArgumentError(`${FN}: estimator "pathwise" needs a reparameterisable distribution (hasRsample); ${d0.name} is not, use ${applicable(d0)}`);
    value = mean(stopGradient(costs(d0.rsample([samples], key), samples)));
    perSample = (ls) => costs(build(ls).rsample([samples], key), samples);
  } else if (estimator === "measureValued") {
    [value, perSample] = measureValued(FN, d0, build, costs, samples, key);
  } else if (relaxed) {
    [value, perSample] = relaxedEstimator(FN, estimator, d0, build, costs, samples, key, temperature, applicable(d0));
  } else {
    if (estimator === "leaveOneOut" && samples < 2) throw argumentError(FN, "options.samples", `an integer ≥ 2 for "leaveOneOut"`, samples);
    const x = d0.sample([samples], key);
    const c = stopGradient(costs(x, samples));
    value = mean(c);
    let w = c;
    if (estimator === "leaveOneOut") w = sub(c, div(sub(sum(c), c), samples - 1));
    else if (baseline === "mean") w = sub(c, mean(c));
    else if (typeof baseline === "number") w = sub(c, baseline);
    perSample = (ls) => mul(w, perSampleLogProb(build(ls), x, samples));
  }
  const per = jacfwd((ls: Tensor[]) => perSample(ls))(leaves) as unknown as Tensor[];
  const grads = per.map((p) => mean(p, 0));
  const vars = per.map((p) => (samples > 1 ? variance(p, 0, false, { correction: 1 }) : zerosLike(mean(p, 0))));
  return { value, grad: tree(grads), variance: tree(vars), stderr: tree(vars.map((v) => sqrt(div(v, samples)))), biased };
}

/** The estimators that apply to `d`, for messages. */
function applicable(d: Distribution): string {
  const names = [...(d.hasRsample ? ["pathwise"] : []), "score", "leaveOneOut", ...(d.hasEnumerateSupport ? ["enumerate"] : []), ...(d instanceof Normal || d instanceof Poisson || d instanceof Bernoulli ? ["measureValued"] : []),
    ...(d instanceof Bernoulli || d instanceof OneHotCategorical ? ["relaxed", "straightThrough"] : [])];
  return names.map((e) => `"${e}"`).join(", ");
}

/** `f(x)` as a tensor. */
function rawCosts(f: (x: Tensor) => Tensor | number, x: Tensor): Tensor {
  const r = f(x);
  if (!(r instanceof Tensor) && typeof r !== "number") throw argumentError(FN, "f", "a function returning a tensor or number", r);
  return toTensor(r);
}

/** `f(x)` as a vector of n per-sample costs (trailing axes summed). */
function perSampleCosts(f: (x: Tensor) => Tensor | number, x: Tensor, n: number): Tensor {
  const t = rawCosts(f, x);
  if (t.shape.length === 0) {
    if (n === 1) return reshape(t, [1]);
    throw argumentError(FN, "f", `per-sample costs with leading axis ${n}`, `a scalar (${describeValue(t)})`);
  }
  if (t.shape[0] !== n) throw argumentError(FN, "f", `per-sample costs with leading axis ${n}`, `shape [${t.shape.join(", ")}]`);
  return t.shape.length === 1 ? t : sum(reshape(t, [n, -1]), 1);
}

/** log p(x_i) for each of n samples, summed over batch and event axes: shape [n]. */
function perSampleLogProb(d: Distribution, x: Tensor, n: number): Tensor {
  const lp = d.logProb(x);
  return lp.shape.length === 1 ? lp : sum(reshape(lp, [n, -1]), 1);
}
