import { argumentError, checkBoolean, checkFiniteNumber, checkInteger, checkOptions } from "../../core/validate.js";
import { globalKey } from "../../distributions/global-key.js";
import { checkKey, key as keyOf, type PRNGKey } from "../../random/key.js";
import type { HmcOptions, McmcOptions } from "./mcmc-options.js";
import { progressReporter } from "./progress.js";
import type { SamplerConfig } from "./sampler-config.js";

const INT32_MAX = 2147483647;

const COMMON = ["args", "chains", "warmup", "samples", "targetAccept", "metric", "init", "seed", "progress", "stepSize", "stepSizeJitter", "adaptStepSize", "adaptMetric", "chainMethod", "workers"];
const ALLOWED = { nuts: [...COMMON, "maxTreeDepth"], hmc: [...COMMON, "numSteps", "trajectoryLength"] };

/** The checked options: the per-chain config, the chain count and the base key. */
export interface ResolvedOptions {
  /** What every chain runs with. */
  readonly config: SamplerConfig;
  /** The number of chains. */
  readonly chains: number;
  /** The key the chains' keys are split from. */
  readonly key: PRNGKey;
  /** The model's arguments. */
  readonly args: readonly unknown[];
  /** "sequential" or "parallel". */
  readonly chainMethod: "sequential" | "parallel";
  /** Worker threads for "parallel" (undefined: min(chains, hardware threads)). */
  readonly workers: number | undefined;
}

/** A point of length `dim` from an array-like of finite numbers; the error names `fn` and `arg`. */
function point(value: unknown, dim: number, fn: string, arg: string): Float64Array {
  const a = value as ArrayLike<unknown>;
  if (a === null || typeof a !== "object" || typeof a.length !== "number") throw argumentError(fn, arg, `an array of ${dim} finite numbers`, value);
  if (a.length !== dim) throw argumentError(fn, arg, `an array of ${dim} finite numbers (the unconstrained dimension)`, value);
  const out = new Float64Array(dim);
  for (let i = 0; i < dim; i++) out[i] = checkFiniteNumber(a[i], fn, `${arg}[${i}]`);
  return out;
}

/** The `init` option as a radius or one point per chain. */
function resolveInit(init: unknown, dim: number, chains: number, fn: string): number | Float64Array[] {
  if (init === undefined) return 2;
  if (typeof init === "number") return checkFiniteNumber(init, fn, "options.init", "nonnegative");
  const a = init as ArrayLike<unknown>;
  if (a !== null && typeof a === "object" && typeof a.length === "number" && a.length > 0 && typeof a[0] === "object" && a[0] !== null) {
    if (a.length !== chains) throw argumentError(fn, "options.init", `one point per chain (${chains} arrays)`, init);
    return Array.from({ length: chains }, (_, c) => point(a[c], dim, fn, `options.init[${c}]`));
  }
  const p = point(init, dim, fn, "options.init");
  return Array.from({ length: chains }, () => p);
}

/** Checks the `chainMethod` option (undefined: "sequential"). */
export function checkChainMethod(value: unknown, fn: string): "sequential" | "parallel" {
  if (value === undefined) return "sequential";
  if (value !== "sequential" && value !== "parallel")
    throw argumentError(fn, "options.chainMethod", `"sequential" or "parallel" ("vectorized" is not supported: NUTS chains take different paths, so they gain little from vectorising)`, value);
  return value;
}

/** Checks `infer.nuts`/`infer.hmc` options (unknown keys included) for a target of dimension `dim`. */
export function resolveOptions(fn: string, algorithm: "nuts" | "hmc", opts: unknown, dim: number): ResolvedOptions {
  const o = checkOptions<McmcOptions & HmcOptions>(opts, fn);
  const allowed = ALLOWED[algorithm];
  for (const k of Object.keys(o)) if (!allowed.includes(k)) throw argumentError(fn, `options.${k}`, `one of ${allowed.join(", ")}`, k);
  const chains = o.chains === undefined ? 4 : checkInteger(o.chains, fn, "options.chains", 1, INT32_MAX);
  const metric = o.metric ?? "diag";
  if (metric !== "diag" && metric !== "dense") throw argumentError(fn, "options.metric", `"diag" or "dense"`, metric);
  const targetAccept = o.targetAccept === undefined ? 0.8 : checkFiniteNumber(o.targetAccept, fn, "options.targetAccept");
  if (!(targetAccept > 0 && targetAccept < 1)) throw argumentError(fn, "options.targetAccept", "a number in (0, 1)", targetAccept);
  const jitter = o.stepSizeJitter === undefined ? 0 : checkFiniteNumber(o.stepSizeJitter, fn, "options.stepSizeJitter", "nonnegative");
  if (jitter > 1) throw argumentError(fn, "options.stepSizeJitter", "a number in [0, 1]", jitter);
  const args = o.args === undefined ? [] : o.args;
  if (!Array.isArray(args)) throw argumentError(fn, "options.args", "an array of the model's arguments", args);
  let key: PRNGKey;
  if (o.seed === undefined) key = globalKey();
  else if (typeof o.seed === "number") key = keyOf(checkInteger(o.seed, fn, "options.seed", -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER));
  else key = checkKey(o.seed, fn, "options.seed");
  const warmup = o.warmup === undefined ? 1000 : checkInteger(o.warmup, fn, "options.warmup", 0, INT32_MAX);
  const samples = o.samples === undefined ? 1000 : checkInteger(o.samples, fn, "options.samples", 1, INT32_MAX);
  // NOTE: the draws become [chains, samples, dim] tensors, so they must fit in one (2³¹ − 1 elements).
  if (chains * samples * dim > INT32_MAX)
    throw argumentError(fn, "options.samples", `at most ${Math.floor(INT32_MAX / (chains * dim))} (chains × samples × dim ≤ 2³¹ − 1 elements, with ${chains} chains of dimension ${dim})`, samples);
  const config: SamplerConfig = {
    fn,
    algorithm,
    warmup,
    samples,
    targetAccept,
    maxTreeDepth: o.maxTreeDepth === undefined ? 10 : checkInteger(o.maxTreeDepth, fn, "options.maxTreeDepth", 1, 30),
    metric,
    stepSize: o.stepSize === undefined ? 1 : checkFiniteNumber(o.stepSize, fn, "options.stepSize", "positive"),
    stepSizeJitter: jitter,
    adaptStepSize: o.adaptStepSize === undefined ? true : checkBoolean(o.adaptStepSize, fn, "options.adaptStepSize"),
    adaptMetric: o.adaptMetric === undefined ? true : checkBoolean(o.adaptMetric, fn, "options.adaptMetric"),
    numSteps: o.numSteps === undefined ? undefined : checkInteger(o.numSteps, fn, "options.numSteps", 1, INT32_MAX),
    trajectoryLength: o.trajectoryLength === undefined ? 2 * Math.PI : checkFiniteNumber(o.trajectoryLength, fn, "options.trajectoryLength", "positive"),
    init: resolveInit(o.init, dim, chains, fn),
    progress: progressReporter(o.progress, fn, chains, warmup + samples),
  };
  const chainMethod = checkChainMethod(o.chainMethod, fn);
  const workers = o.workers === undefined ? undefined : checkInteger(o.workers, fn, "options.workers", 1, 1024);
  return { config, chains, key, args, chainMethod, workers };
}
