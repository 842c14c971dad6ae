/**
 * `addDecayedWeights(λ)`: u ↦ u + λ·w. Placed *before* a gradient-based rule it is the classic L2
 * penalty (PyTorch's `weight_decay` of SGD, Adam, RMSprop, Adagrad); placed after it, before the
 * learning rate, it is decoupled weight decay (AdamW, Muon, steepest descent): w ← w − lr·(u + λw).
 */
import { add, mul } from "../../ops/index.js";
import type { ParamTree, UpdateTree } from "../tree.js";
import { leavesOf, rebuild, stateless, type GradientTransformation } from "./transform.js";
import { checkHyperparameter } from "./check-hyperparameter.js";

/** Adds λ·params to the updates (λ = 0 passes them through). */
export function addDecayedWeights(weightDecay: number): GradientTransformation<Record<string, never>> {
  checkHyperparameter(weightDecay, "addDecayedWeights", "weightDecay", "nonnegative");
  return stateless(<U extends UpdateTree>(updates: U, params?: ParamTree): U => {
    if (weightDecay === 0) return updates;
    const l = leavesOf(updates, params, "addDecayedWeights", true);
    return rebuild(l, l.us.map((u, i) => (u === null ? null : add(u, mul(l.ps![i]!, weightDecay)))));
  });
}
