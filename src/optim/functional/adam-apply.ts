import { shapesEqual } from "../../core/shape.js";
import type { ScheduleLike } from "../schedules.js";
import type { AdamState } from "./adam.js";
import { canFuseAdam, fusedAdamMoments } from "./fused-adam-moments.js";
import { learningRateAt, type ScheduleState } from "./learning-rate.js";
import type { GradientTransformation } from "./transform.js";

const isList = (x: unknown, n: number): x is unknown[] => Array.isArray(x) && x.length === n;

/** Whether `a` is an Adam state for `n` parameters. */
function isAdamState(a: unknown, n: number): a is AdamState {
  if (a === null || typeof a !== "object") return false;
  const s = a as Partial<AdamState>;
  return isList(s.step, n) && isList(s.expAvg, n) && isList(s.expAvgSq, n) && isList(s.maxExpAvgSq, n);
}

/** Where Adam's and the schedule's states sit in the chain's state, and the decoupled weight decay (AdamW's; 0 for Adam). */
export interface AdamChainLayout {
  adamAt: number;
  lrAt: number;
  length: number;
  wd: number;
}

/**
 * The `applyInPlace` of Adam's chain `addDecayedWeights(0) → scaleByAdam(s) → scaleByLearningRate(lr)`
 * or AdamW's `scaleByAdam(s) → addDecayedWeights(wd) → scaleByLearningRate(lr)` (no AMSGrad): per
 * parameter one pass that updates both moments and steps the parameter, p + (−lr)·(u + wd·p), with
 * the bits of the three transformations and `applyUpdate` (see `fusedAdamMoments`). Null where a
 * gradient, moment or parameter is not a plain float tensor of the parameter's shape and dtype (a
 * graph-carrying gradient of create_graph, say).
 * NOTE: all or nothing: every parameter is checked before any is changed.
 */
export function adamApplyInPlace(s: { b1: number; b2: number; eps: number }, lr: ScheduleLike, at: AdamChainLayout): NonNullable<GradientTransformation<unknown[]>["applyInPlace"]> {
  return (grads, state, params) => {
    const n = params.length;
    if (!Array.isArray(state) || state.length !== at.length || grads.length !== n) return null;
    const a = state[at.adamAt];
    const sched = state[at.lrAt] as Partial<ScheduleState> | null;
    if (!isAdamState(a, n) || sched === null || typeof sched !== "object" || typeof sched.count !== "number") return null;
    for (let i = 0; i < n; i++) {
      const g = grads[i];
      if (g === null || g === undefined) continue;
      const p = params[i]!;
      if (!shapesEqual(g.shape, p.shape) || !canFuseAdam(g, a.expAvg[i]!, a.expAvgSq[i]!, p)) return null;
    }
    const rate = learningRateAt(lr, sched.count);
    const next: AdamState = { step: a.step.slice(), expAvg: a.expAvg.slice(), expAvgSq: a.expAvgSq.slice(), maxExpAvgSq: a.maxExpAvgSq.slice() };
    for (let i = 0; i < n; i++) {
      const g = grads[i];
      if (g === null || g === undefined) continue;
      const p = params[i]!;
      const t = (next.step[i] = a.step[i]! + 1);
      const c = { b1: s.b1, b2: s.b2, eps: s.eps, bc1: 1 - s.b1 ** t, bc2: 1 - s.b2 ** t };
      const [m, v, stepped] = fusedAdamMoments(g, a.expAvg[i]!, a.expAvgSq[i]!, c, { p, lr: rate, wd: at.wd })!;
      next.expAvg[i] = m;
      next.expAvgSq[i] = v;
      p._data = stepped._data;
      p._version++;
    }
    const out = state.slice();
    out[at.adamAt] = next;
    out[at.lrAt] = { count: sched.count + 1 };
    return out;
  };
}
