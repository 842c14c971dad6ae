import { ArgumentError, ShapeError } from "../core/errors.js";
import { showShape } from "../core/shape.js";
import { argumentError, checkFunction, checkInteger, checkOptions, inFunction } from "../core/validate.js";
import { globalKey } from "../distributions/global-key.js";
import { noGrad } from "../eager/grad-mode.js";
import { reshape, slice } from "../ops/index.js";
import { PRNGKey, key as keyOf } from "../random/key.js";
import { split } from "../random/split.js";
import { Tensor } from "../tensor/tensor.js";
import { ChainRng } from "./mcmc/chain-rng.js";
import { condition } from "./model/handlers/condition.js";
import { seed } from "./model/handlers/seed.js";
import { predictive, type DrawSource } from "./model/predictive.js";
import { trace } from "./model/trace.js";
import { Unit } from "./model/unit.js";
import { SbcResult } from "./sbc/sbc-result.js";
import { uniformityTest, type UniformityTest } from "./sbc/uniformity.js";

/** What `infer.sbc` passes to `inference` with the conditioned model, for one simulation. */
export interface SbcContext {
  /** The simulated data: each observed site's value, drawn from the prior predictive (the model is conditioned on it). */
  readonly data: Readonly<Record<string, Tensor>>;
  /** The model's arguments (`options.args`): call the conditioned model as `model(...args)`. */
  readonly args: readonly unknown[];
  /** A key of this simulation's own (split from `options.seed`), for the sampler's seed. */
  readonly key: PRNGKey;
  /** The simulation's index, 0..N−1. */
  readonly simulation: number;
}

/** Posterior draws from `inference`: a `Posterior` (or any `draws(name)` → [chains, samples, ...shape]) or a record of name → [draws, ...shape]. */
export type SbcDraws = DrawSource | Readonly<Record<string, Tensor>>;

/** The inference under test: conditioned model (the model with its observed sites fixed to simulated data) → posterior draws. */
export type SbcInference = (model: (...args: never[]) => unknown, context: SbcContext) => SbcDraws;

/** Options of `infer.sbc`. */
export interface SbcOptions {
  /** The number of simulations N (default 100). */
  simulations?: number;
  /** L, the posterior draws each rank is computed among, after thinning (default 99: ranks 0..99). */
  draws?: number;
  /** The model's arguments: `model(...args)` (shapes, covariates; the observed sites' values are ignored). */
  args?: readonly unknown[];
  /** An integer seed or a key (default: a key from the global generator). */
  seed?: number | PRNGKey;
  /** The sites to rank, sample or deterministic, every element of each (default: the latent sample sites). */
  params?: readonly string[];
  /** The sites that are data, simulated and conditioned on (default: the sample sites observed in `model(...args)`, factors excluded). */
  observed?: readonly string[];
  /** Bins of the χ² test and the histogram; must divide L + 1 (default: the largest divisor of L + 1 up to 20). */
  bins?: number;
}

const FN = "infer.sbc";

/**
 * Simulation-based calibration (Talts, Betancourt, Simpson, Vehtari & Gelman 2018): checks that
 * `inference` computes the model's posterior. Each of N simulations draws parameters θ̃ and data ỹ
 * from the prior predictive (`infer.predictive`), calls `inference(conditionedModel, { data, args, key,
 * simulation })` where `conditionedModel` is `model` with its observed sites conditioned on ỹ, thins the
 * returned draws to L, and ranks each scalar element of θ̃ among them. If `inference` is exact, every
 * parameter's ranks are uniform on 0..L; `tests` holds a χ² test of that per parameter and `plot()`
 * the rank histogram (∪: posterior too narrow, ∩: too wide, slope: biased).
 * NOTE: thinning keeps L evenly spaced draws of the M returned (index ⌊k·M/L⌋, chains laid end to end),
 * so make M/L at least the draws' autocorrelation time (e.g. samples = L·4 per chain for NUTS on a
 * small model); M < L is an error. The rank is #{draws < θ̃}, ties (discrete parameters) split
 * uniformly at random, as in Talts et al.'s algorithm 2 and the R package SBC.
 *
 * @example
 * const res = infer.sbc(model, (m, { args, key }) => infer.nuts(m, { args, seed: key, chains: 1, warmup: 200, samples: 400 }),
 *   { simulations: 200, draws: 99, args: [10], seed: 0 });
 * res.tests.mu.pValue; // not tiny for a correct sampler
 * const svg = await res.plot();
 */
export function sbc(model: (...args: never[]) => unknown, inference: SbcInference, options?: SbcOptions): SbcResult {
  checkFunction(model, FN, "model");
  checkFunction(inference, FN, "inference");
  const o = checkOptions<SbcOptions>(options, FN);
  const known = ["simulations", "draws", "args", "seed", "params", "observed", "bins"];
  for (const k of Object.keys(o)) if (!known.includes(k)) throw argumentError(FN, `options.${k}`, `absent (known options: ${known.join(", ")})`, (o as Record<string, unknown>)[k]);
  const N = o.simulations === undefined ? 100 : checkInteger(o.simulations, FN, "options.simulations", 1, 1e7);
  const L = o.draws === undefined ? 99 : checkInteger(o.draws, FN, "options.draws", 1, 1e7);
  const bins = o.bins === undefined ? largestDivisor(L + 1, 20) : checkInteger(o.bins, FN, "options.bins", 1, L + 1);
  if ((L + 1) % bins !== 0) throw argumentError(FN, "options.bins", `a divisor of L + 1 = ${L + 1} (so every bin holds as many rank values)`, bins);
  if (o.args !== undefined && !Array.isArray(o.args)) throw argumentError(FN, "options.args", "an array of the model's arguments", o.args);
  const args = o.args ?? [];
  let k: PRNGKey;
  if (o.seed === undefined) k = globalKey();
  else if (o.seed instanceof PRNGKey) k = o.seed;
  else if (typeof o.seed === "number" && Number.isSafeInteger(o.seed)) k = keyOf(o.seed);
  else throw argumentError(FN, "options.seed", "an integer seed or a key from random.key", o.seed);
  const m = model as unknown as (...a: unknown[]) => unknown;

  return inFunction(FN, () => {
    const { params, observed } = resolveSites(m, args, o.params, o.observed);
    const [kPrior, kInference, kTies] = split(k, 3);
    const prior = predictive(model, { samples: N, args, key: kPrior!, returnSites: [...params, ...observed] });
    const keys = split(kInference!, N);
    const ties = new ChainRng(kTies!);
    const ranks: Record<string, Int32Array> = {};
    const elementNames = new Map<string, string[]>();
    for (const p of params) {
      const shape = prior[p]!.shape.slice(1);
      const names = elementsOf(p, shape);
      elementNames.set(p, names);
      for (const n of names) ranks[n] = new Int32Array(N);
    }
    const truthData = new Map(params.map((p) => [p, prior[p]!.data()]));
    for (let i = 0; i < N; i++) {
      const data = Object.fromEntries(observed.map((name) => [name, row(prior[name]!, i)]));
      const conditioned = condition(m, data);
      let draws: unknown;
      try {
        draws = inference(conditioned as (...a: never[]) => unknown, { data, args, key: keys[i]!, simulation: i });
      } catch (e) {
        if (e instanceof Error) e.message = `${FN}: inference failed on simulation ${i}: ${e.message}`;
        throw e;
      }
      for (const p of params) {
        const size = elementNames.get(p)!.length;
        const draw = drawsOf(draws, p, prior[p]!.shape.slice(1), i);
        const M = draw.length / size;
        if (M < L) throw new ArgumentError(`${FN}: inference returned ${M} draws of "${p}" on simulation ${i}; options.draws (L = ${L}) needs at least L`);
        const truth = truthData.get(p)!;
        for (let e = 0; e < size; e++) {
          const t = truth[i * size + e] as number;
          let below = 0;
          let equal = 0;
          for (let j = 0; j < L; j++) {
            const x = draw[Math.floor((j * M) / L) * size + e] as number;
            if (x < t) below++;
            else if (x === t) equal++;
          }
          ranks[elementNames.get(p)![e]!]![i] = below + (equal === 0 ? 0 : Math.min(equal, Math.floor(ties.uniform() * (equal + 1))));
        }
      }
    }
    const tests: Record<string, UniformityTest> = {};
    for (const [name, r] of Object.entries(ranks)) tests[name] = uniformityTest(r, L, bins);
    return new SbcResult(ranks, tests, N, L, bins);
  });
}

/** The sites to rank and the data sites, from `options` or a trace of `model(...args)`; errors name the option. */
function resolveSites(
  model: (...a: unknown[]) => unknown,
  args: readonly unknown[],
  params: unknown,
  observed: unknown,
): { params: string[]; observed: string[] } {
  const tr = noGrad(() => trace(seed(model, keyOf(0))).getTrace(...args));
  const sites = [...tr];
  const names = (v: unknown, arg: string, ok: (s: (typeof sites)[number]) => boolean, what: string): string[] => {
    if (!Array.isArray(v) || v.length === 0) throw argumentError(FN, arg, `a non-empty array of ${what}`, v);
    return v.map((s: unknown, i) => {
      const site = typeof s === "string" ? tr.get(s) : undefined;
      if (site === undefined || !ok(site)) throw argumentError(FN, `${arg}[${i}]`, `one of the model's ${what} (${sites.filter(ok).map((x) => x.name).join(", ")})`, s);
      return s as string;
    });
  };
  const isData = (s: (typeof sites)[number]): boolean => s.type === "sample" && !(s.fn instanceof Unit);
  let obs: string[];
  if (observed === undefined) {
    obs = sites.filter((s) => isData(s) && s.isObserved).map((s) => s.name);
    if (obs.length === 0) throw new ArgumentError(`${FN}: the model has no observed sample sites at options.args; name the data sites in options.observed`);
  } else obs = names(observed, "options.observed", isData, "sample sites");
  const isParam = (s: (typeof sites)[number]): boolean => (isData(s) || s.type === "deterministic") && !obs.includes(s.name);
  const par = params === undefined ? sites.filter((s) => isData(s) && !obs.includes(s.name)).map((s) => s.name) : names(params, "options.params", isParam, "latent sample or deterministic sites");
  if (par.length === 0) throw new ArgumentError(`${FN}: the model has no latent sample sites to rank`);
  return { params: par, observed: obs };
}

/** The draws of site `name` in `draws` as a flat row-major [M, ...shape] array; errors name the site and simulation. */
function drawsOf(draws: unknown, name: string, shape: readonly number[], i: number): ArrayLike<number> {
  let d: unknown;
  let lead = 1;
  if (draws !== null && typeof draws === "object" && typeof (draws as DrawSource).draws === "function") {
    d = (draws as DrawSource).draws(name);
    lead = 2;
  } else if (draws !== null && typeof draws === "object") d = (draws as Record<string, unknown>)[name];
  else throw argumentError(FN, "inference's result", "a Posterior or a record of draws by site name", draws);
  if (!(d instanceof Tensor)) throw argumentError(FN, `inference's draws of "${name}" (simulation ${i})`, "a tensor", d);
  const want = lead === 2 ? `[chains, samples, ${shape.join(", ")}]` : `[draws, ${shape.join(", ")}]`;
  if (d.ndim !== lead + shape.length || !shape.every((n, j) => d.shape[lead + j] === n))
    throw new ShapeError(`${FN}: inference's draws of "${name}" on simulation ${i} must have shape ${want.replace(", ]", "]")}, got ${showShape(d.shape)}`);
  return d.data() as ArrayLike<number>;
}

/** Row i of a tensor with a leading draws axis. */
function row(t: Tensor, i: number): Tensor {
  const rest = t.shape.slice(1);
  return reshape(slice(t, [i, ...rest.map(() => 0)], [1, ...rest]), rest);
}

/** The scalar element names of a site: "mu", or "theta[0]", "L[1,0]" row-major (the diagnostics' names). */
function elementsOf(site: string, shape: readonly number[]): string[] {
  const size = shape.reduce((a, b) => a * b, 1);
  if (shape.length === 0) return [site];
  const out: string[] = [];
  for (let k = 0; k < size; k++) {
    const idx = new Array<number>(shape.length);
    let r = k;
    for (let d = shape.length - 1; d >= 0; d--) {
      idx[d] = r % shape[d]!;
      r = Math.floor(r / shape[d]!);
    }
    out.push(`${site}[${idx.join(",")}]`);
  }
  return out;
}

/** The largest divisor of n that is at most `max`. */
function largestDivisor(n: number, max: number): number {
  for (let d = Math.min(n, max); d > 1; d--) if (n % d === 0) return d;
  return 1;
}
