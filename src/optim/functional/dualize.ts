/**
 * The steepest-descent step of a norm, as a transformation: `dualizeBy(norm)` maps updates u to
 * dualize(u) (normalized: a unit step in the norm) or to sharp(u) = ‖u‖_*·dualize(u) (unnormalized).
 * Put it after momentum and before weight decay and the learning rate. Parameters without a
 * gradient count as zero gradients for the norm and stay `null`.
 */
import { zerosLike } from "../../tensor/creation.js";
import type { Norm } from "../norms/norm.js";
import { checkNorm, sharp } from "../norms/norm.js";
import { ArgumentError } from "../../core/errors.js";
import { checkBoolean, checkOptions } from "../../core/validate.js";
import { flattenTree, unflattenTree, type ParamTree, type UpdateTree } from "../tree.js";
import { leavesOf, rebuild, stateless, type GradientTransformation } from "./transform.js";

/** Options of `dualizeBy`. */
export interface DualizeOptions {
  /** true (default): u ↦ dualize(u); false: u ↦ sharp(u). */
  normalized?: boolean;
}

/**
 * Steepest descent under `norm`.
 *
 * @example
 * functional.dualizeBy(norms.linf()); // sign descent
 */
export function dualizeBy(norm: Norm, opts: DualizeOptions = {}): GradientTransformation<Record<string, never>> {
  checkNorm(norm, "dualizeBy", "norm");
  const normalized = checkOptions<DualizeOptions>(opts, "dualizeBy", "opts").normalized ?? true;
  checkBoolean(normalized, "dualizeBy", "opts.normalized");
  return stateless(<U extends UpdateTree>(updates: U, params?: ParamTree): U => {
    const l = leavesOf(updates, params, "dualizeBy");
    const missing = l.us.some((u) => u === null);
    if (missing && l.ps === null)
      throw new ArgumentError("dualizeBy: some updates are null; pass the parameters so that they count as zero gradients");
    const full = l.us.map((u, i) => u ?? zerosLike(l.ps![i]!));
    const tree = unflattenTree<ParamTree>(l.def, full);
    const out = normalized ? norm.dualize(tree) : sharp(norm, tree);
    const [leaves] = flattenTree(out, "dualizeBy result");
    return rebuild(l, leaves.map((t, i) => (l.us[i] === null ? null : t)));
  });
}
