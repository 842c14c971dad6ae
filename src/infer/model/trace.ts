import { ArgumentError } from "../../core/errors.js";
import { checkFunction } from "../../core/validate.js";
import { add, sum } from "../../ops/index.js";
import { scalar } from "../../tensor/creation.js";
import type { Tensor } from "../../tensor/tensor.js";
import type { Message } from "./message.js";
import { Messenger, withMessenger } from "./messenger.js";
import { TraceSite } from "./trace-site.js";

/** The sites of one model run, in the order they ran (NumPyro's trace, an ordered dict by name). */
export class Trace {
  /** Sites by name, in order. */
  readonly sites = new Map<string, TraceSite>();

  /** The site called `name`, or undefined. */
  get(name: string): TraceSite | undefined {
    return this.sites.get(name);
  }
  /** Whether a site called `name` ran. */
  has(name: string): boolean {
    return this.sites.has(name);
  }
  /** The sites' names, in order. */
  get names(): string[] {
    return [...this.sites.keys()];
  }
  /** The sites in order. */
  [Symbol.iterator](): IterableIterator<TraceSite> {
    return this.sites.values();
  }
  /** The sample sites that are not observed (the latent variables), in order. */
  latentSites(): TraceSite[] {
    return [...this.sites.values()].filter((s) => s.type === "sample" && !s.isObserved);
  }
  /**
   * Σ over sample sites (observed and latent) of their masked, scaled log densities: the log joint.
   * NOTE: sites whose log densities have the same shape are added elementwise first and reduced
   * once (one reduction per shape, not per site: fewer primitives in a compiled log density).
   */
  logProbSum(): Tensor {
    const byShape = new Map<string, Tensor>();
    for (const s of this.sites.values()) {
      if (s.type !== "sample") continue;
      const lp = s.logProb;
      const key = lp.shape.join(",");
      const acc = byShape.get(key);
      byShape.set(key, acc === undefined ? lp : add(acc, lp));
    }
    let total: Tensor | null = null;
    for (const part of byShape.values()) {
      const p = sumAll(part);
      total = total === null ? p : add(total, p);
    }
    return total ?? scalar(0, "float64");
  }
}

/** Σ of every element; a scalar is returned as it is (no reduction primitive in traced programs). */
export function sumAll(t: Tensor): Tensor {
  return t.ndim === 0 ? t : sum(t);
}

/** A model wrapped by `trace`: call it as the model, or `getTrace(...args)` for the sites of a run. */
export type TracedModel<A extends unknown[], R> = ((...args: A) => R) & {
  /** Runs the model on `args` and returns its trace. */
  getTrace(...args: A): Trace;
};

const FN = "infer.handlers.trace";

/** Records every site that reaches it into a new trace per run. */
class TraceMessenger extends Messenger {
  trace = new Trace();

  /** NumPyro: sample, param and deterministic names must be unique within a run; plates may repeat. */
  override postprocess(msg: Message): void {
    if (msg.type !== "plate" && this.trace.has(msg.name)) {
      const earlier = this.trace.get(msg.name)!;
      throw new ArgumentError(
        `${FN}: the site name "${msg.name}" is used twice (a ${earlier.type} site, then a ${msg.type} site); every sample, param and deterministic site needs its own name`,
      );
    }
    this.trace.sites.set(msg.name, new TraceSite(msg));
  }
}

/**
 * Records the sites of a model (NumPyro's `handlers.trace`): `trace(model).getTrace(...args)` runs
 * `model(...args)` and returns each site's name, type, distribution, value, observed flag, scale,
 * mask, plates and log density. Site names must be unique within one run.
 *
 * @example
 * const tr = infer.handlers.trace(infer.handlers.seed(model, 0)).getTrace(y);
 * tr.get("mu")!.value; tr.logProbSum();
 */
export function trace<A extends unknown[], R>(model: (...args: A) => R): TracedModel<A, R> {
  checkFunction(model, FN, "model");
  const run = (...args: A): [R, Trace] => {
    const m = new TraceMessenger();
    const out = withMessenger(m, () => model(...args));
    return [out, m.trace];
  };
  const traced = (...args: A): R => run(...args)[0];
  return Object.assign(traced, { getTrace: (...args: A): Trace => run(...args)[1] });
}
