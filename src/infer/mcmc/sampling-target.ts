import { argumentError, checkInteger } from "../../core/validate.js";
import type { Potential } from "../potential.js";

/** A site of the posterior: its name and its constrained shape. */
export interface SiteInfo {
  /** The site's name ("q" for a bare potential). */
  readonly name: string;
  /** The constrained shape of one draw. */
  readonly shape: readonly number[];
}

/** What a sampler runs on, and how its unconstrained draws become the sites a `Posterior` shows. */
export interface SamplingTarget {
  /** The potential the chains sample. */
  readonly potential: Potential;
  /** The sites, in order: latent sites, then deterministic ones. */
  readonly sites: readonly SiteInfo[];
  /** The constrained value of every site at the unconstrained point q (row-major, flat). */
  constrain(q: Float64Array): Readonly<Record<string, ArrayLike<number>>>;
}

/** The parts of the model engineer's `LogDensity` this file reads (duck-typed: any potential with them works). */
interface Described extends Potential {
  readonly names: readonly string[];
  readonly shapes: Readonly<Record<string, readonly number[]>>;
  readonly deterministicShapes?: Readonly<Record<string, readonly number[]>>;
  constrain(q: Float64Array): Record<string, ArrayLike<number>>;
}

/** True when `p` carries site names, shapes and `constrain` (a `LogDensity`). */
function isDescribed(p: Potential): p is Described {
  const d = p as Partial<Described>;
  return Array.isArray(d.names) && typeof d.shapes === "object" && d.shapes !== null && typeof d.constrain === "function";
}

/**
 * Checks a potential (`dim` an integer ≥ 1, `logDensityAndGrad` a function) and describes its sites:
 * a `LogDensity` gives its latent and deterministic sites (constrained through its `constrain`); any
 * other potential one site "q" of shape [dim], the unconstrained vector itself.
 */
export function samplingTarget(potential: unknown, fn: string, arg: string): SamplingTarget {
  const p = potential as Partial<Potential> | null;
  if (p === null || typeof p !== "object" || typeof p.logDensityAndGrad !== "function")
    throw argumentError(fn, arg, "a model function or a Potential { dim, logDensityAndGrad(q, grad) }", potential);
  checkInteger(p.dim, fn, `${arg}.dim`, 1);
  const pot = p as Potential;
  if (isDescribed(pot)) {
    const det = pot.deterministicShapes ?? {};
    const sites = [
      ...pot.names.map((name) => ({ name, shape: pot.shapes[name]! })),
      ...Object.keys(det).map((name) => ({ name, shape: det[name]! })),
    ];
    return { potential: pot, sites, constrain: (q) => pot.constrain(q) };
  }
  return { potential: pot, sites: [{ name: "q", shape: [pot.dim] }], constrain: (q) => ({ q }) };
}
