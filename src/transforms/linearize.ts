import { checkFunction } from "../core/validate.js";
import { zerosLike } from "../tensor/creation.js";
import type { Tensor } from "../tensor/tensor.js";
import { checkTangentsFor } from "./jvp.js";
import { pullbackFlat, recordFlat } from "./vjp.js";
import { callWith, flattenValues, unflattenValues, type AnyFunction, type Loosen } from "./tree-values.js";
import type { GradOf, TangentOf } from "./types.js";

/**
 * Evaluates `f` once and returns its outputs with a function that computes JVPs at that point
 * without re-running `f`. The JVP is obtained by transposing the recorded pullback (the pullback
 * t̄ ↦ Jᵀt̄ is linear, so its own reverse derivative is t ↦ Jt).
 *
 * @example
 * const [y, jvpAt] = linearize((x: Tensor) => sin(x), 1);
 * jvpAt(2); // 2·cos(1)
 */
export function linearize<F extends AnyFunction>(
  f: F,
  ...primals: Loosen<Parameters<F>>
): [GradOf<ReturnType<F>>, (...tangents: TangentOf<Parameters<F>>) => GradOf<ReturnType<F>>];
export function linearize(f: unknown, ...primals: unknown[]): [unknown, (...tangents: unknown[]) => unknown] {
  checkFunction(f, "linearize", "f");
  const [ps, pdef] = flattenValues(primals, "linearize primals");
  const rec = recordFlat((xs) => callWith(f as AnyFunction, unflattenValues(pdef, xs) as unknown[]), ps, "linearize");
  const jvpAt = (...tangents: unknown[]): unknown => {
    const checked = checkTangentsFor(ps, pdef, tangents, "linearize").map((t, i) => t ?? zerosLike(ps[i]!));
    const zeroCts = rec.outPrimals.map((o) => zerosLike(o));
    const transpose = recordFlat((cts: Tensor[]) => pullbackFlat(rec, cts, ps), zeroCts, "linearize transpose");
    return unflattenValues(rec.outDef, pullbackFlat(transpose, checked, zeroCts));
  };
  return [unflattenValues(rec.outDef, rec.outPrimals), jvpAt];
}
