import { argumentError } from "../../core/validate.js";
import { ArgumentError } from "../../core/errors.js";
/**
 * The modular norm (Large et al., "Scalable Optimization in the Modular Norm", NeurIPS 2024) of a
 * network given as a chain of layers, with explicit masses and sensitivities (Modula's `mass` and
 * `sensitivity`). For layers applied in order 1…L, the layer k with weights gets the coefficient
 *
 *   c_k = (M / m_k) · Π_{j > k} s_j,     M = Σ_k m_k,
 *
 * and the norm is max_k c_k‖w_k‖_k (a `max` composite): dualize gives layer k a step of size 1/c_k in
 * its own norm. Layers with more mass learn faster; layers followed by contracting layers
 * (sensitivity < 1) get larger steps. A layer with mass 0 is frozen. Layers without a norm are
 * parameter-free "bonds" (ReLU: sensitivity 1; a fixed scalar multiply by s: sensitivity s).
 * The parameter tree is the array of the weighted layers' parameters, in order.
 */
import { max } from "./combinators.js";
import { checkNorm, type Norm } from "./norm.js";

/** One layer of a `modular` chain. */
export interface ModularLayer {
  /** The norm of the layer's weights (e.g. `rmsToRms`); omit for a parameter-free layer. */
  norm?: Norm;
  /** Its share of feature learning: default 1 for a layer with a norm, 0 without. */
  mass?: number;
  /** Its Lipschitz constant with respect to its input: default 1. */
  sensitivity?: number;
}

/** The coefficient c_k of every layer with a norm, in order (+∞ for mass 0). */
export function modularCoefficients(layers: readonly ModularLayer[]): number[] {
  checkLayers(layers, "modularCoefficients");
  return coefficients(layers, "modularCoefficients");
}

/** `modularCoefficients` of checked layers; errors name `fn`. */
function coefficients(layers: readonly ModularLayer[], fn: string): number[] {
  const masses = layers.map((l, i) => {
    const m = l.mass ?? (l.norm ? 1 : 0);
    if (!(typeof m === "number" && m >= 0)) throw argumentError(fn, `layers[${i}].mass`, "a number ≥ 0", m);
    return m;
  });
  const sens = layers.map((l, i) => {
    const s = l.sensitivity ?? 1;
    if (!(typeof s === "number" && s >= 0)) throw argumentError(fn, `layers[${i}].sensitivity`, "a number ≥ 0", s);
    return s;
  });
  const total = masses.reduce((a, b) => a + b, 0);
  if (!(total > 0)) throw new ArgumentError(`norms.${fn}: the total mass must be positive, got ${total}`);
  const out: number[] = [];
  layers.forEach((l, k) => {
    if (!l.norm) return;
    let after = 1;
    for (let j = k + 1; j < layers.length; j++) after *= sens[j]!;
    const c = masses[k] === 0 ? Infinity : (total / masses[k]!) * after;
    out.push(c === 0 ? Infinity : c);
  });
  return out;
}

/**
 * The modular norm of a chain of layers (first applied first).
 *
 * @example
 * // Linear → ReLU → Linear → ReLU → Linear: every layer gets a third of the step.
 * const lin = (fanIn: number, fanOut: number) => ({ norm: norms.rmsToRms({ fanIn, fanOut }) });
 * norms.modular([lin(784, 256), {}, lin(256, 256), {}, lin(256, 10)]);
 */
export function modular(layers: readonly ModularLayer[]): Norm {
  checkLayers(layers, "modular");
  const weighted = layers.filter((l) => l.norm);
  if (weighted.length === 0) throw new ArgumentError("norms.modular: no layer has a norm (nothing to optimise)");
  const coefs = coefficients(layers, "modular");
  const n = max(
    weighted.map((l) => l.norm!),
    coefs,
  );
  return { ...n, name: `modular(${n.name.slice(4, -1)})` };
}

/** Checks a list of modular layers: an array of objects whose `norm`, when given, is a Norm. */
function checkLayers(layers: unknown, fn: string): void {
  if (!Array.isArray(layers)) throw argumentError(fn, "layers", "an array of { norm?, mass?, sensitivity? }", layers);
  layers.forEach((l: unknown, i) => {
    if (l === null || typeof l !== "object" || Array.isArray(l)) throw argumentError(fn, `layers[${i}]`, "an object { norm?, mass?, sensitivity? }", l);
    const norm = (l as ModularLayer).norm;
    if (norm !== undefined && norm !== null) checkNorm(norm, fn, `layers[${i}].norm`);
  });
}
