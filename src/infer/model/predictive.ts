import { ArgumentError, ShapeError } from "../../core/errors.js";
import { showShape } from "../../core/shape.js";
import { argumentError, checkFunction, checkInteger, checkOptions, inFunction } from "../../core/validate.js";
import { noGrad } from "../../eager/grad-mode.js";
import { reshape, slice, stack } from "../../ops/index.js";
import { PRNGKey, key as keyOf } from "../../random/key.js";
import { split } from "../../random/split.js";
import { Tensor } from "../../tensor/tensor.js";
import { globalKey } from "../../distributions/global-key.js";
import { seed } from "./handlers/seed.js";
import { substitute } from "./handlers/substitute.js";
import type { Message } from "./message.js";
import { Messenger, withMessenger } from "./messenger.js";
import { checkOptionKeys } from "./site-value.js";
import { trace, type Trace } from "./trace.js";
import { Unit } from "./unit.js";

/** Anything with posterior draws by site name, shape [chains, samples, ...shape] (an MCMC `Posterior`). */
export interface DrawSource {
  /** Site `name`'s draws, shape [chains, samples, ...shape]. */
  draws(name: string): Tensor;
}

/** Options of `infer.predictive`: at most one of `posterior` and `guide`. */
export interface PredictiveOptions {
  /** Latent draws: a record of name → tensor with a leading draws axis, or a `Posterior` (chains × samples are flattened). */
  posterior?: Readonly<Record<string, Tensor>> | DrawSource;
  /** A guide (variational family) taking the model's arguments: each draw runs it for the latent values. */
  guide?: (...args: never[]) => unknown;
  /** How many draws (required for the prior and a guide; with `posterior`, it must equal the number of draws if given). */
  samples?: number;
  /** The model's (and guide's) arguments. */
  args?: readonly unknown[];
  /** An integer seed or a key (default: a key from the global generator). */
  key?: PRNGKey | number;
  /** Which sites to return (default: every sample and deterministic site not given by `posterior`/`guide`; factors excluded). */
  returnSites?: readonly string[];
}

const FN = "infer.predictive";

/** Turns observed sample sites (not factors) back into draws: what a predictive check simulates. */
class UnconditionMessenger extends Messenger {
  override process(msg: Message): void {
    if (msg.type === "sample" && msg.isObserved && !(msg.fn instanceof Unit)) {
      msg.value = null;
      msg.isObserved = false;
    }
  }
}

/**
 * Prior or posterior predictive draws (NumPyro's `Predictive`): runs the model `samples` times, each
 * with its own key, and returns each site's values stacked on a leading draws axis. With `posterior`
 * the latent sites take the given draws (one run per draw); with `guide` they take a fresh run of the
 * guide; with neither, everything is drawn from the prior.
 * NOTE: observed sites are drawn again (their data ignored), so the result holds replicated data
 * for predictive checks, whether the model was given its data or not; factors are not returned.
 *
 * @example
 * const prior = infer.predictive(model, { samples: 100, args: [x], key: 0 });
 * const ppc = infer.predictive(model, { posterior: post, args: [x], key: 1 }).y; // [draws, ...shape of y]
 */
export function predictive(model: (...args: never[]) => unknown, options: PredictiveOptions): Record<string, Tensor> {
  checkFunction(model, FN, "model");
  const o = checkOptions<PredictiveOptions>(options, FN);
  checkOptionKeys(o, FN, ["posterior", "guide", "samples", "args", "key", "returnSites"]);
  if (o.posterior !== undefined && o.guide !== undefined) throw new ArgumentError(`${FN}: give posterior or guide, not both`);
  if (o.args !== undefined && !Array.isArray(o.args)) throw argumentError(FN, "options.args", "an array of the model's arguments", o.args);
  const args = o.args ?? [];
  const guide = o.guide === undefined ? null : checkFunction<(...a: unknown[]) => unknown>(o.guide, FN, "options.guide");
  if (o.returnSites !== undefined && (!Array.isArray(o.returnSites) || !o.returnSites.every((s) => typeof s === "string")))
    throw argumentError(FN, "options.returnSites", "an array of site names", o.returnSites);
  let k: PRNGKey;
  if (o.key === undefined) k = globalKey();
  else if (o.key instanceof PRNGKey) k = o.key;
  else if (typeof o.key === "number" && Number.isSafeInteger(o.key)) k = keyOf(o.key);
  else throw argumentError(FN, "options.key", "an integer seed or a key from random.key", o.key);
  const m = model as unknown as (...a: unknown[]) => unknown;

  return inFunction(FN, () => noGrad(() => {
    const given = o.posterior === undefined ? null : posteriorDraws(o.posterior, m, args);
    let n: number;
    if (given !== null) {
      n = given.n;
      if (o.samples !== undefined && checkInteger(o.samples, FN, "options.samples", 1) !== n)
        throw new ArgumentError(`${FN}: options.samples (${o.samples}) must equal the number of posterior draws (${n}) when both are given`);
    } else {
      if (o.samples === undefined) throw argumentError(FN, "options.samples", "the number of draws (an integer ≥ 1)", undefined);
      n = checkInteger(o.samples, FN, "options.samples", 1);
    }
    const keys = split(k, n);
    const runs: Trace[] = [];
    const supplied = new Set<string>();
    for (let i = 0; i < n; i++) {
      const [kGuide, kModel] = split(keys[i]!);
      let values: Record<string, Tensor> = {};
      if (given !== null) values = given.at(i);
      else if (guide !== null) {
        const gt = trace(seed(guide, kGuide!)).getTrace(...args);
        for (const s of gt) if (s.type === "sample" && !s.isObserved) values[s.name] = s.value;
      }
      for (const name of Object.keys(values)) supplied.add(name);
      const unconditioned = (...a: unknown[]): unknown => withMessenger(new UnconditionMessenger(), () => substitute(m, values)(...a));
      runs.push(trace(seed(unconditioned, kModel!)).getTrace(...args));
    }
    const first = runs[0]!;
    const names =
      o.returnSites ??
      [...first].filter((s) => (s.type === "sample" && !(s.fn instanceof Unit)) || s.type === "deterministic").map((s) => s.name).filter((s) => !supplied.has(s));
    const out: Record<string, Tensor> = {};
    for (const name of names) {
      if (!first.has(name)) throw argumentError(FN, "options.returnSites", `names of the model's sites (${first.names.join(", ")})`, name);
      out[name] = stack(runs.map((r) => r.get(name)!.value), 0);
    }
    return out;
  }));
}

/** The per-draw latent values of `posterior` and how many draws it has (all sites must agree). */
function posteriorDraws(
  posterior: Readonly<Record<string, Tensor>> | DrawSource,
  model: (...a: unknown[]) => unknown,
  args: readonly unknown[],
): { n: number; at: (i: number) => Record<string, Tensor> } {
  if (posterior === null || typeof posterior !== "object") throw argumentError(FN, "options.posterior", "a record of draws or a Posterior", posterior);
  const table: Record<string, Tensor> = {};
  if (typeof (posterior as DrawSource).draws === "function") {
    const src = posterior as DrawSource;
    const latent = noGrad(() => trace(seed(model, keyOf(0))).getTrace(...args)).latentSites();
    for (const s of latent) {
      let d: Tensor;
      try {
        d = src.draws(s.name);
      } catch (e) {
        throw new ArgumentError(`${FN}: the posterior has no draws of the model's latent site "${s.name}" (${(e as Error).message})`);
      }
      if (!(d instanceof Tensor) || d.ndim < 2) throw new ShapeError(`${FN}: the posterior's draws of "${s.name}" must have shape [chains, samples, ...]`);
      table[s.name] = reshape(d, [d.shape[0]! * d.shape[1]!, ...d.shape.slice(2)]);
    }
  } else {
    for (const [name, d] of Object.entries(posterior as Record<string, unknown>)) {
      if (!(d instanceof Tensor) || d.ndim < 1) throw argumentError(FN, `options.posterior.${name}`, "a tensor with a leading draws axis", d);
      table[name] = d;
    }
  }
  const entries = Object.entries(table);
  if (entries.length === 0) throw new ArgumentError(`${FN}: options.posterior has no draws`);
  const n = entries[0]![1].shape[0]!;
  for (const [name, d] of entries)
    if (d.shape[0] !== n) throw new ShapeError(`${FN}: every site needs the same number of draws; "${entries[0]![0]}" has ${n}, "${name}" has ${d.shape[0]} (shape ${showShape(d.shape)})`);
  if (n === 0) throw new ShapeError(`${FN}: options.posterior has zero draws`);
  return {
    n,
    at: (i) => Object.fromEntries(entries.map(([name, d]) => [name, reshape(slice(d, [i, ...d.shape.slice(1).map(() => 0)], [1, ...d.shape.slice(1)]), d.shape.slice(1))])),
  };
}
