/**
 * Learning-rate schedules: functions from the step count t (the number of updates already taken:
 * 0 for the first) to a value. Every optimizer and `functional.scaleByLearningRate` accepts a schedule
 * wherever it accepts a number for `lr`, and counts steps in its own state, so a schedule needs no
 * separate object to step and resumes exactly from a state dict.
 *
 * @example
 * const lr = schedules.linearWarmup(0.01, { warmupSteps: 100, then: schedules.cosine(0.01, { totalSteps: 900 }) });
 * new optim.Adam(params, { lr });
 */
import { checkFiniteNumber, checkFunction, argumentError, checkInteger, checkOptions } from "../core/validate.js";

/** A schedule: step count t ≥ 0 (updates already taken) → value. */
export type Schedule = (t: number) => number;

/** A number, or a schedule of the step count. */
export type ScheduleLike = number | Schedule;

/** @internal The value of a number or schedule at step t. */
export function valueAt(s: ScheduleLike, t: number): number {
  if (typeof s !== "number" && typeof s !== "function") throw argumentError("valueAt", "s", "a number or a schedule (a function of the step count)", s);
  return typeof s === "number" ? s : s(t);
}

/** The same value at every step. */
export function constant(value: number): Schedule {
  checkFiniteNumber(value, "schedules.constant", "value");
  return () => value;
}

/** A schedule's options object, which has a required entry: undefined is an error too (named `where`). */
function requiredOptions<O extends object>(opts: unknown, where: string, shape: string): Partial<O> {
  if (opts === undefined) throw argumentError(where, "opts", `an options object ${shape}`, opts);
  return checkOptions<O>(opts, where, "opts");
}

/** PyTorch's StepLR: value · gamma^⌊t / stepSize⌋. @example schedules.step(0.1, { stepSize: 30 }) // 0.1, then 0.01 from t = 30 */
export function step(value: number, opts: { stepSize: number; gamma?: number }): Schedule {
  checkFiniteNumber(value, "schedules.step", "value");
  const o = requiredOptions<{ stepSize: number; gamma?: number }>(opts, "schedules.step", "{ stepSize, gamma? }");
  const gamma = checkFiniteNumber(o.gamma ?? 0.1, "schedules.step", "gamma", "nonnegative");
  const stepSize = checkInteger(o.stepSize, "schedules.step", "stepSize", 1);
  return (t) => value * gamma ** Math.floor(t / stepSize);
}

/** PyTorch's ExponentialLR: value · gamma^t. */
export function exponential(value: number, gamma: number): Schedule {
  checkFiniteNumber(value, "schedules.exponential", "value");
  checkFiniteNumber(gamma, "schedules.exponential", "gamma", "nonnegative");
  return (t) => value * gamma ** t;
}

/**
 * Cosine decay from `value` to `minValue` over `totalSteps`, then constant (PyTorch's
 * CosineAnnealingLR over its first half-period; optax's cosine_decay_schedule):
 * min + (value − min)·(1 + cos(π·t/T))/2 for t ≤ T.
 */
export function cosine(value: number, opts: { totalSteps: number; minValue?: number }): Schedule {
  checkFiniteNumber(value, "schedules.cosine", "value");
  const o = requiredOptions<{ totalSteps: number; minValue?: number }>(opts, "schedules.cosine", "{ totalSteps, minValue? }");
  const lo = checkFiniteNumber(o.minValue ?? 0, "schedules.cosine", "minValue");
  const T = checkFiniteNumber(o.totalSteps, "schedules.cosine", "totalSteps", "positive");
  return (t) => lo + ((value - lo) * (1 + Math.cos((Math.PI * Math.min(t, T)) / T))) / 2;
}

/**
 * Linear warm-up to `value` over `warmupSteps`: startValue + (value − startValue)·(t + 1)/warmupSteps
 * for t < warmupSteps (so the first step is not wasted at 0 and step warmupSteps − 1 reaches
 * `value`), then `then(t − warmupSteps)` if given, else `value`.
 */
export function linearWarmup(value: number, opts: { warmupSteps: number; startValue?: number; then?: Schedule }): Schedule {
  checkFiniteNumber(value, "schedules.linearWarmup", "value");
  const o = requiredOptions<{ warmupSteps: number; startValue?: number; then?: Schedule }>(opts, "schedules.linearWarmup", "{ warmupSteps, startValue?, then? }");
  const start = checkFiniteNumber(o.startValue ?? 0, "schedules.linearWarmup", "startValue");
  const then = o.then === undefined ? undefined : checkFunction<Schedule>(o.then, "schedules.linearWarmup", "then");
  const W = checkInteger(o.warmupSteps, "schedules.linearWarmup", "warmupSteps", 0);
  return (t) => (t < W ? start + ((value - start) * (t + 1)) / W : then ? then(t - W) : value);
}

/**
 * PyTorch's OneCycleLR (two phases): from maxValue/divFactor up to maxValue over the first
 * pctStart of `totalSteps`, then down to maxValue/(divFactor·finalDivFactor), with cosine (default)
 * or linear annealing. (PyTorch also cycles momentum; this schedules the learning rate only.)
 */
export function oneCycle(
  maxValue: number,
  opts: { totalSteps: number; pctStart?: number; divFactor?: number; finalDivFactor?: number; anneal?: "cos" | "linear" },
): Schedule {
  const where = "schedules.oneCycle";
  checkFiniteNumber(maxValue, where, "maxValue");
  const o = requiredOptions<typeof opts>(opts, where, "{ totalSteps, pctStart?, divFactor?, finalDivFactor?, anneal? }");
  const divFactor = checkFiniteNumber(o.divFactor ?? 25, where, "divFactor", "positive");
  const finalDivFactor = checkFiniteNumber(o.finalDivFactor ?? 1e4, where, "finalDivFactor", "positive");
  const total = checkInteger(o.totalSteps, where, "totalSteps", 2);
  const pct = o.pctStart ?? 0.3;
  if (!(typeof pct === "number" && pct > 0 && pct < 1)) throw argumentError(where, "pctStart", "a number in (0, 1)", pct);
  const annealKind = o.anneal ?? "cos";
  if (annealKind !== "cos" && annealKind !== "linear") throw argumentError(where, "anneal", '"cos" or "linear"', annealKind);
  const initial = maxValue / divFactor;
  const final = initial / finalDivFactor;
  const anneal =
    annealKind === "cos"
      ? (a: number, b: number, x: number) => b + ((a - b) / 2) * (Math.cos(Math.PI * x) + 1)
      : (a: number, b: number, x: number) => (b - a) * x + a;
  const peak = pct * total - 1;
  const end = total - 1;
  return (t) => {
    if (t <= peak) return anneal(initial, maxValue, t / peak);
    return anneal(maxValue, final, Math.min(1, (t - peak) / (end - peak)));
  };
}
