import { ArgumentError } from "../../core/errors.js";
import { argumentError, checkFiniteNumber, checkInteger, checkOptions } from "../../core/validate.js";
import { globalKey } from "../../distributions/global-key.js";
import { checkKey, key as keyOf, type PRNGKey } from "../../random/key.js";
import { split } from "../../random/split.js";
import { ChainRng } from "../mcmc/chain-rng.js";
import { logDensity, type LogDensity } from "../model/log-density.js";
import { AdviResult, type AdviElboRecord } from "./advi-result.js";
import { GaussianApproximation, type AdviFamily } from "./gaussian-approximation.js";
import { progressDisplay } from "../progress/progress-display.js";
import { RelativeTolerance } from "./relative-tolerance.js";

/** Called at every ELBO evaluation of `infer.advi`. */
export type AdviProgressCallback = (iteration: number, elbo: number, relativeChange: number) => void;

/** Options of `infer.advi` (names and defaults as CmdStan's `variational`). */
export interface AdviOptions {
  /** "meanField" (diagonal Gaussian, default) or "fullRank" (full covariance). */
  family?: AdviFamily;
  /** The model's arguments (data). */
  args?: readonly unknown[];
  /** The most gradient iterations (default 10000). */
  iterations?: number;
  /** Draws per gradient estimate (default 1). */
  gradSamples?: number;
  /** Draws per ELBO estimate (default 100). */
  elboSamples?: number;
  /** Evaluate the ELBO every this many iterations (default 100). */
  evalElbo?: number;
  /** The step size; default: Stan's adaptive search over 100, 10, 1, 0.1, 0.01. */
  eta?: number;
  /** Iterations per step size in the adaptive search (default 50). */
  adaptIterations?: number;
  /** Relative ELBO tolerance for convergence (default 0.01). */
  tolRelObj?: number;
  /** The initial mean: a radius r for uniform(−r, r) in each unconstrained coordinate (default 2, Stan's), or a point. */
  init?: number | Float64Array;
  /** An integer seed or a key (default: a key from the global generator). */
  seed?: number | PRNGKey;
  /** true: in Node a progress bar on a terminal, else a line per ELBO evaluation on stderr (nothing in browsers); or a callback. */
  progress?: boolean | AdviProgressCallback;
}

const FN = "infer.advi";
const KEYS = ["family", "args", "iterations", "gradSamples", "elboSamples", "evalElbo", "eta", "adaptIterations", "tolRelObj", "init", "seed", "progress"];
const ETA_SEQUENCE = [100, 10, 1, 0.1, 0.01];
/** Stan's adaptive step-size sequence constants: τ and the weights of the running squared gradient. */
const TAU = 1;
const PRE = 0.9;
const POST = 0.1;

/**
 * Stan's step (`advi.hpp`): s_k = g² (k = 1) else 0.9 s + 0.1 g²; θ += (η/√k) g / (1 + √s).
 */
function step(params: Float64Array, grad: Float64Array, history: Float64Array, eta: number, k: number): void {
  const scaled = eta / Math.sqrt(k);
  for (let i = 0; i < params.length; i++) {
    const g = grad[i]!;
    history[i] = k === 1 ? g * g : PRE * history[i]! + POST * g * g;
    params[i]! += (scaled * g) / (TAU + Math.sqrt(history[i]!));
  }
}

/**
 * Stan's `adapt_eta`: from the initial approximation, runs `adaptIterations` steps with each η of
 * 100, 10, 1, 0.1, 0.01 in turn, evaluates the ELBO, and stops at the first η whose ELBO is worse
 * than the previous one's (taking the previous), as long as that beat the initial ELBO.
 */
function adaptEta(ld: LogDensity, init: Float64Array, family: AdviFamily, o: Resolved, rng: ChainRng): number {
  const start = new GaussianApproximation(family, init);
  const elboInit = start.elbo(ld, o.elboSamples, rng);
  if (!Number.isFinite(elboInit))
    throw new ArgumentError(`${FN}: cannot compute the ELBO at the initial approximation (the log density is not finite at any of ${o.elboSamples} draws); check the model's support or pass init`);
  let elboBest = -Number.MAX_VALUE;
  let etaBest = 0;
  for (let e = 0; e < ETA_SEQUENCE.length; e++) {
    const eta = ETA_SEQUENCE[e]!;
    const q = new GaussianApproximation(family, init);
    const grad = new Float64Array(q.params.length);
    const history = new Float64Array(q.params.length);
    for (let k = 1; k <= o.adaptIterations; k++) {
      // NOTE: as Stan, a draw with a non-finite gradient zeroes this step's gradient during the search.
      if (!q.elboGradient(ld, o.gradSamples, rng, grad)) grad.fill(0);
      step(q.params, grad, history, eta, k);
    }
    let elbo = q.elbo(ld, o.elboSamples, rng);
    if (!Number.isFinite(elbo)) elbo = -Number.MAX_VALUE;
    if (elbo < elboBest && elboBest > elboInit) return etaBest;
    if (e < ETA_SEQUENCE.length - 1) {
      elboBest = elbo;
      etaBest = eta;
    } else if (elbo > elboInit) return eta;
  }
  throw new ArgumentError(
    `${FN}: all proposed step sizes (${ETA_SEQUENCE.join(", ")}) failed to improve the ELBO over the initial approximation; the model may be severely ill-conditioned or misspecified (pass eta, or check the model)`,
  );
}

interface Resolved {
  family: AdviFamily;
  args: readonly unknown[];
  iterations: number;
  gradSamples: number;
  elboSamples: number;
  evalElbo: number;
  eta: number | undefined;
  adaptIterations: number;
  tolRelObj: number;
  init: number | Float64Array;
  key: PRNGKey;
  progress: AdviProgressCallback | undefined;
  /** Whether `progress` is `true` (a bar on a terminal). */
  bar: boolean;
}

/** The options checked and defaulted. */
function resolve(options: unknown): Resolved {
  const o = checkOptions<AdviOptions>(options, FN);
  for (const k of Object.keys(o)) if (!KEYS.includes(k)) throw argumentError(FN, `options.${k}`, `one of ${KEYS.join(", ")}`, k);
  const family = o.family ?? "meanField";
  if (family !== "meanField" && family !== "fullRank") throw argumentError(FN, "options.family", `"meanField" or "fullRank"`, family);
  const args = o.args ?? [];
  if (!Array.isArray(args)) throw argumentError(FN, "options.args", "an array of the model's arguments", args);
  const int = (v: unknown, name: string, dflt: number): number => (v === undefined ? dflt : checkInteger(v, FN, `options.${name}`, 1, 2 ** 31 - 1));
  let eta: number | undefined;
  if (o.eta !== undefined) {
    eta = checkFiniteNumber(o.eta, FN, "options.eta");
    if (!(eta > 0)) throw argumentError(FN, "options.eta", "a positive step size", o.eta);
  }
  const tolRelObj = o.tolRelObj === undefined ? 0.01 : checkFiniteNumber(o.tolRelObj, FN, "options.tolRelObj");
  if (!(tolRelObj > 0)) throw argumentError(FN, "options.tolRelObj", "a positive tolerance", o.tolRelObj);
  let init: number | Float64Array = 2;
  if (o.init instanceof Float64Array) init = o.init;
  else if (o.init !== undefined) {
    init = checkFiniteNumber(o.init, FN, "options.init");
    if (init < 0) throw argumentError(FN, "options.init", "a radius ≥ 0 or a Float64Array point", o.init);
  }
  let key: PRNGKey;
  if (o.seed === undefined) key = globalKey();
  else if (typeof o.seed === "number") key = keyOf(checkInteger(o.seed, FN, "options.seed", -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER));
  else key = checkKey(o.seed, FN, "options.seed");
  let progress: AdviProgressCallback | undefined;
  if (typeof o.progress === "function") progress = o.progress;
  else if (o.progress === true) progress = printProgress;
  else if (o.progress !== undefined && o.progress !== false) throw argumentError(FN, "options.progress", "a boolean or a function (iteration, elbo, relativeChange)", o.progress);
  return {
    family, args, eta, tolRelObj, init, key, progress, bar: o.progress === true,
    iterations: int(o.iterations, "iterations", 10000),
    gradSamples: int(o.gradSamples, "gradSamples", 1),
    elboSamples: int(o.elboSamples, "elboSamples", 100),
    evalElbo: int(o.evalElbo, "evalElbo", 100),
    adaptIterations: int(o.adaptIterations, "adaptIterations", 50),
  };
}

/** The `progress: true` line, like CmdStan's ADVI table. */
function printProgress(iteration: number, elbo: number, relativeChange: number): void {
  const line = `${FN}: iteration ${iteration}  ELBO ${elbo.toFixed(3)}  rel. change ${relativeChange.toFixed(4)}`;
  (globalThis as { process?: { stderr?: { write(s: string): unknown } } }).process?.stderr?.write(`${line}\n`);
}

/** The initial mean: the given point, or uniform(−r, r) draws until log p and its gradient are finite (100 tries, as Stan). */
function initialMean(ld: LogDensity, init: number | Float64Array, rng: ChainRng): Float64Array {
  const q = new Float64Array(ld.dim);
  const g = new Float64Array(ld.dim);
  if (init instanceof Float64Array) {
    if (init.length !== ld.dim) throw argumentError(FN, "options.init", `a Float64Array of length ${ld.dim} (the unconstrained dimension)`, init);
    q.set(init);
    return q;
  }
  for (let t = 0; t < 100; t++) {
    for (let i = 0; i < q.length; i++) q[i] = init * (2 * rng.uniform() - 1);
    if (Number.isFinite(ld.logDensityAndGrad(q, g)) && g.every(Number.isFinite)) return q;
    if (init === 0) break;
  }
  throw new ArgumentError(`${FN}: could not initialise: the log density or its gradient is not finite at ${init === 0 ? "0" : `100 points drawn uniformly from (−${init}, ${init})`}; check the model's support and data, or pass init`);
}

/**
 * Automatic differentiation variational inference exactly as Stan's ADVI (`advi.hpp`): a Gaussian
 * (mean-field or full-rank) over the model's unconstrained space (`infer.logDensity`, Jacobians
 * included) fitted by stochastic gradient ascent on the reparameterised ELBO with Stan's adaptive
 * step sequence, η found by Stan's search unless given, stopped when the mean or median relative
 * ELBO change over a circular buffer falls below `tolRelObj`. The model may also be a `LogDensity`.
 *
 * @example
 * const fit = infer.advi(model, { family: "fullRank", args: [x, y], seed: 1 });
 * fit.mean; fit.covariance; fit.sample(1000).beta; fit.summary().toString();
 */
export function advi(model: ((...args: never[]) => unknown) | LogDensity, options?: AdviOptions): AdviResult {
  const o = resolve(options);
  let ld: LogDensity;
  if (typeof model === "function") ld = logDensity(model, { args: o.args });
  else if (model !== null && typeof model === "object" && typeof (model as LogDensity).logDensityAndGrad === "function" && typeof (model as LogDensity).constrain === "function") {
    if (options?.args !== undefined) throw new ArgumentError(`${FN}: options.args is for a model function; a LogDensity has its data already`);
    ld = model;
  } else throw argumentError(FN, "model", "a model function or an infer.logDensity", model);
  const [kInit, kAdapt, kRun, kSample] = split(o.key, 4);
  const init = initialMean(ld, o.init, new ChainRng(kInit!));
  const eta = o.eta ?? adaptEta(ld, init, o.family, o, new ChainRng(kAdapt!));

  const rng = new ChainRng(kRun!);
  const q = new GaussianApproximation(o.family, init);
  const grad = new Float64Array(q.params.length);
  const history = new Float64Array(q.params.length);
  const tol = new RelativeTolerance(o.iterations, o.evalElbo, o.tolRelObj);
  const records: AdviElboRecord[] = [];
  let converged: "mean" | "median" | null = null;
  let k = 1;
  // NOTE: on a terminal the bar replaces the lines, and moves every iteration (it redraws at most every 100 ms).
  const display = o.bar ? progressDisplay([FN], [o.iterations], "none") : null;
  const bar = display?.kind === "bars" ? display : null;
  const report = bar === null ? o.progress : undefined;
  let status = `η = ${eta}`;
  try {
    for (; k <= o.iterations; k++) {
      if (!q.elboGradient(ld, o.gradSamples, rng, grad))
        throw new ArgumentError(`${FN}: the gradient of the log density is not finite at a draw of the approximation (iteration ${k}, η = ${eta}); try a smaller eta or check the model`);
      step(q.params, grad, history, eta, k);
      if (k % o.evalElbo === 0) {
        const elbo = q.elbo(ld, o.elboSamples, rng);
        if (!Number.isFinite(elbo)) throw new ArgumentError(`${FN}: the ELBO is not finite at iteration ${k} (η = ${eta}); the optimisation diverged: try a smaller eta`);
        const rel = tol.push(elbo);
        records.push({ iteration: k, elbo, relativeChange: rel });
        report?.(k, elbo, rel);
        status = `ELBO ${elbo.toFixed(3)}, rel. change ${rel.toFixed(4)}`;
        converged = tol.converged();
        if (converged !== null) status += ` (converged: ${converged})`;
      }
      bar?.update(0, k, status);
      if (converged !== null) break;
    }
  } finally {
    bar?.stop();
  }
  return new AdviResult({ density: ld, approximation: q, eta, iterations: Math.min(k, o.iterations), converged, history: records, key: kSample! });
}
