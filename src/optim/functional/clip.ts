/**
 * Gradient clipping as transformations: by the global ℓ2 norm (PyTorch's `clip_grad_norm_`), by
 * value, and by any `Norm`: if ‖g‖ > maxNorm, g ← g · maxNorm/(‖g‖ + 1e-6) (PyTorch's formula),
 * otherwise g is unchanged. `measure: "dual"` measures g with the dual norm ‖g‖_* instead, the natural
 * size of a gradient when the norm is the one the optimizer steps in.
 */
import { clamp, mul } from "../../ops/index.js";
import { zerosLike } from "../../tensor/creation.js";
import { l2 } from "../norms/l2.js";
import { checkNorm, type Norm } from "../norms/norm.js";
import { ArgumentError } from "../../core/errors.js";
import { unflattenTree, type ParamTree, type UpdateTree } from "../tree.js";
import { leavesOf, rebuild, stateless, type GradientTransformation } from "./transform.js";
import { argumentError, checkOptions } from "../../core/validate.js";

/** Options of `clipByNorm`. */
export interface ClipOptions {
  /** Measure gradients with `norm.norm` (default) or with the dual norm `norm.dual`. */
  measure?: "norm" | "dual";
}

/** @internal Clips an update tree; returns it and the size measured before clipping. */
export function clipTree<U extends UpdateTree>(
  updates: U,
  norm: Norm,
  maxNorm: number,
  opts: ClipOptions = {},
  params?: ParamTree,
  where = "clipByNorm",
): [U, number] {
  checkMaxNorm(maxNorm, where);
  const l = leavesOf(updates, params, where);
  const present = l.us.map((u, i) => u ?? (l.ps ? zerosLike(l.ps[i]!) : null));
  if (present.some((u) => u === null))
    throw new ArgumentError(`${where}: some updates are null; pass the parameters so that they count as zero`);
  const tree = unflattenTree<ParamTree>(l.def, present);
  const total = opts.measure === "dual" ? norm.dual(tree) : norm.norm(tree);
  const coef = maxNorm / (total + 1e-6);
  if (!(coef < 1)) return [updates, total];
  return [rebuild(l, l.us.map((u) => (u === null ? null : mul(u, coef)))), total];
}

/** Checks a clipping bound: a number ≥ 0 (∞ allowed: the norm is measured, nothing is clipped). */
function checkMaxNorm(maxNorm: unknown, where: string): void {
  if (!(typeof maxNorm === "number" && maxNorm >= 0)) throw argumentError(where, "maxNorm", "a number ≥ 0 (∞ allowed: measure only)", maxNorm);
}

/** @internal Checks the options of a clipping function `where` (an options object with `measure` "norm" or "dual"). */
export function checkClipOptions<O extends ClipOptions>(opts: unknown, where: string): Partial<O> {
  const o = checkOptions<O>(opts, where, "opts");
  if (o.measure !== undefined && o.measure !== "norm" && o.measure !== "dual") throw argumentError(where, "opts.measure", '"norm" or "dual"', o.measure);
  return o;
}

/** @internal `clipByNorm` whose errors name `where`. */
export function clipByNormAs(norm: Norm, maxNorm: number, opts: ClipOptions, where: string): GradientTransformation<Record<string, never>> {
  checkNorm(norm, where, "norm");
  checkMaxNorm(maxNorm, where);
  const o = checkClipOptions(opts, where);
  return stateless(<U extends UpdateTree>(u: U, params?: ParamTree): U => clipTree(u, norm, maxNorm, o, params, where)[0]);
}

/** Scales updates down so that their size in `norm` is at most `maxNorm`. */
export function clipByNorm(norm: Norm, maxNorm: number, opts: ClipOptions = {}): GradientTransformation<Record<string, never>> {
  return clipByNormAs(norm, maxNorm, opts, "clipByNorm");
}

/** Scales updates down so that their global ℓ2 norm is at most `maxNorm`. */
export function clipByGlobalNorm(maxNorm: number): GradientTransformation<Record<string, never>> {
  return clipByNormAs(l2(), maxNorm, {}, "clipByGlobalNorm");
}

/** Clamps every entry to [−clipValue, clipValue]. */
export function clipByValue(clipValue: number): GradientTransformation<Record<string, never>> {
  return clipByValueAs(clipValue, "clipByValue");
}

/** @internal `clipByValue` whose errors name `where`. */
export function clipByValueAs(clipValue: number, where: string): GradientTransformation<Record<string, never>> {
  if (!(typeof clipValue === "number" && clipValue >= 0)) throw argumentError(where, "clipValue", "a number ≥ 0", clipValue);
  return stateless(<U extends UpdateTree>(updates: U): U => {
    const l = leavesOf(updates, undefined, where);
    return rebuild(l, l.us.map((u) => (u === null ? null : clamp(u, -clipValue, clipValue))));
  });
}
