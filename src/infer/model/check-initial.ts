import { ArgumentError } from "../../core/errors.js";
import { argumentError } from "../../core/validate.js";
import type { Potential } from "../potential.js";
import { ModelLogDensity } from "./log-density.js";

const FN = "infer.checkInitial";

/**
 * Evaluates `potential` at `q` and returns log p, or raises an ArgumentError when log p is −∞ or NaN
 * or the gradient is not finite there (a sampler cannot start from such a point). For a model's log
 * density the message names the sites whose terms are not finite, with their values.
 *
 * @example
 * infer.checkInitial(ld, ld.unconstrain({ mu: 0, tau: 1, eta: zeros([8]) }));
 */
export function checkInitial(potential: Potential, q: Float64Array): number {
  if (potential === null || typeof potential !== "object" || typeof (potential as Potential).logDensityAndGrad !== "function")
    throw argumentError(FN, "potential", "a Potential (infer.logDensity(model) or { dim, logDensityAndGrad })", potential);
  const dim = potential.dim;
  if (!(q instanceof Float64Array) || q.length !== dim) throw argumentError(FN, "q", `a Float64Array of length ${dim}`, q);
  const bad = q.findIndex((x) => !Number.isFinite(x));
  if (bad >= 0) throw new ArgumentError(`${FN}: q must be finite, got ${q[bad]} at index ${bad}`);
  const grad = new Float64Array(dim);
  const value = potential.logDensityAndGrad(q, grad);
  const badGrad = grad.findIndex((g) => !Number.isFinite(g));
  if (Number.isFinite(value) && badGrad < 0) return value;
  const what = Number.isFinite(value) ? `the gradient is ${grad[badGrad]} at index ${badGrad}${siteAt(potential, badGrad)}` : `the log density is ${value}`;
  throw new ArgumentError(`${FN}: ${what} at the initial point${culprits(potential, q)}; choose another initial point (or check the model's data and parameters)`);
}

/** ` (site "x")` for index i of a model's q. */
function siteAt(p: Potential, i: number): string {
  if (!(p instanceof ModelLogDensity)) return "";
  const s = p.slots.find((t) => i >= t.offset && i < t.offset + t.size);
  return s === undefined ? "" : ` (site "${s.name}")`;
}

/** `: site "y" has log density −∞, …` for a model's log density; empty otherwise. */
function culprits(p: Potential, q: Float64Array): string {
  if (!(p instanceof ModelLogDensity)) return "";
  const terms = p.terms(q);
  const values = p.constrain(q);
  const bad = Object.entries(terms).filter(([, v]) => !Number.isFinite(v));
  if (bad.length === 0) return "";
  const show = (name: string): string => {
    const v = values[name.replace(/ \(Jacobian\)$/, "")];
    if (v === undefined) return "";
    const shown = Array.from(v.slice(0, 4)).map((x) => String(Number(x.toPrecision(6))));
    return ` at value ${v.length === 1 ? shown[0]! : `[${shown.join(", ")}${v.length > 4 ? ", …" : ""}]`}`;
  };
  return `: ${bad.map(([name, v]) => `site "${name}" has log density ${v}${show(name)}`).join("; ")}`;
}
