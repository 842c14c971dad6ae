/** Scaling by a constant and by the (possibly scheduled) learning rate. */
import { mul } from "../../ops/index.js";
import { valueAt, type ScheduleLike } from "../schedules.js";
import type { UpdateTree } from "../tree.js";
import { leavesOf, rebuild, stateless, type GradientTransformation } from "./transform.js";
import { checkLearningRate } from "./check-hyperparameter.js";
import { ArgumentError } from "../../core/errors.js";
import { describeValue } from "../../core/validate.js";

/** u ↦ c·u. */
export function scale(c: number): GradientTransformation<Record<string, never>> {
  return stateless(<U extends UpdateTree>(updates: U): U => {
    const l = leavesOf(updates, undefined, "scale");
    return rebuild(l, l.us.map((u) => (u === null ? null : mul(u, c))));
  });
}

/** The step count of a schedule. */
export interface ScheduleState {
  count: number;
}

/**
 * u ↦ −lr_t·u, the last transformation of an optimizer (so that `applyUpdates` adds a descent step);
 * `lr` is a number or a schedule of the step count t, which the state counts.
 */
export function scaleByLearningRate(lr: ScheduleLike): GradientTransformation<ScheduleState> {
  checkLearningRate(lr, "scaleByLearningRate");
  return {
    init: () => ({ count: 0 }),
    update(updates, state) {
      const rate = learningRateAt(lr, state.count);
      const l = leavesOf(updates, undefined, "scaleByLearningRate");
      return [rebuild(l, l.us.map((u) => (u === null ? null : mul(u, -rate)))), { count: state.count + 1 }];
    },
  };
}

/** @internal The learning rate at step `count` (a number, or the schedule's value); throws unless a finite number ≥ 0. */
export function learningRateAt(lr: ScheduleLike, count: number): number {
  const rate = valueAt(lr, count);
  if (!(typeof rate === "number" && Number.isFinite(rate) && rate >= 0))
    throw new ArgumentError(`scaleByLearningRate: the learning rate must be a finite number ≥ 0, got ${describeValue(rate)} at step ${count}`);
  return rate;
}
