import { argumentError } from "../../core/validate.js";
import type { ScheduleLike } from "../schedules.js";

/** The ranges a hyperparameter may be asked to lie in. */
export type HyperRange = "nonnegative" | "[0, 1)" | "[0, 1]";

/**
 * Checks a numeric hyperparameter: a finite number (never a string, NaN or ±∞) in `range`; the
 * ArgumentError names `where` (the optimizer or transformation) and `arg`.
 */
export function checkHyperparameter(value: unknown, where: string, arg: string, range: HyperRange): number {
  const ok = typeof value === "number" && Number.isFinite(value) && value >= 0 && (range === "nonnegative" || (range === "[0, 1)" ? value < 1 : value <= 1));
  if (!ok) throw argumentError(where, arg, range === "nonnegative" ? "a finite number ≥ 0" : `a number in ${range}`, value);
  return value as number;
}

/** Checks that `value` is a boolean (or undefined: the default); the ArgumentError names `where` and `arg`. */
export function checkFlag(value: unknown, where: string, arg: string): void {
  if (value !== undefined && typeof value !== "boolean") throw argumentError(where, arg, "a boolean", value);
}

/**
 * Checks a learning rate: a finite number ≥ 0, or a schedule (a function of the step count, whose
 * values are checked when used).
 */
export function checkLearningRate(lr: unknown, where: string): ScheduleLike {
  if (typeof lr === "function") return lr as ScheduleLike;
  if (!(typeof lr === "number" && Number.isFinite(lr) && lr >= 0))
    throw argumentError(where, "lr", "a finite number ≥ 0 or a schedule (a function of the step count)", lr);
  return lr;
}
