import { ShapeError } from "../core/errors.js";
import { argumentError, checkFiniteNumber } from "../core/validate.js";
import { div, mean, square, sub, sum } from "../ops/index.js";
import { stopGradient } from "../primitives/other/stop-gradient.js";
import { Tensor } from "../tensor/tensor.js";

/**
 * A baseline for a score-function site: a constant, a learned Tensor (trained by the result's
 * `baselineLoss`), "movingAverage" (of the site's downstream cost over calls) or "leaveOneOut"
 * (each sample's baseline is the mean of the other samples' costs; needs `perSample: true`).
 */
export type Baseline = number | Tensor | "movingAverage" | "leaveOneOut";

/**
 * The default decay of the "movingAverage" baseline: avg ← decay·avg + (1 − decay)·cost.
 * NOTE: 0.9 is Pyro's `baseline_beta` default (Storchastic uses 0.95); the first call has no
 * baseline and starts the average at its own cost, so there is no bias toward 0 to correct.
 */
export const DEFAULT_DECAY = 0.9;

/** @internal A checked baseline: what kind, its constant or tensor, and the moving average's decay. */
export interface BaselineSpec {
  kind: "constant" | "learned" | "movingAverage" | "leaveOneOut";
  value?: number | Tensor;
  decay: number;
}

const KINDS = `a finite number, a Tensor (a learned baseline), "movingAverage" or "leaveOneOut"`;

/**
 * @internal Checks a site's `baseline` and `decay` options; `n` is the per-sample length when the
 * site has `perSample: true` (else null; `perSample` is the option as given, for the message). O(rank).
 */
export function checkBaseline(fn: string, baseline: unknown, decay: unknown, perSample: unknown, n: number | null): BaselineSpec | undefined {
  if (decay !== undefined && baseline !== "movingAverage") throw argumentError(fn, "options.decay", `omitted unless baseline is "movingAverage"`, decay);
  if (baseline === undefined) return undefined;
  if (typeof baseline === "number") return { kind: "constant", value: checkFiniteNumber(baseline, fn, "options.baseline"), decay: DEFAULT_DECAY };
  if (baseline === "movingAverage") {
    const d = decay === undefined ? DEFAULT_DECAY : checkFiniteNumber(decay, fn, "options.decay", "nonnegative");
    if (d >= 1) throw argumentError(fn, "options.decay", "a number in [0, 1)", decay);
    return { kind: "movingAverage", decay: d };
  }
  if (baseline === "leaveOneOut") {
    if (n === null) throw argumentError(fn, "options.perSample", `true with baseline "leaveOneOut" (each sample's baseline is the mean of the others' costs)`, perSample);
    if (n < 2) throw new ShapeError(`${fn}: baseline "leaveOneOut" needs at least 2 samples along the leading axis, got ${n}`);
    return { kind: "leaveOneOut", decay: DEFAULT_DECAY };
  }
  if (baseline instanceof Tensor) {
    if (baseline.dtype === "bool" || baseline.dtype === "int32") throw argumentError(fn, "options.baseline", "a float tensor", baseline);
    const ok = baseline.shape.length === 0 || (n !== null && baseline.shape.length === 1 && baseline.shape[0] === n);
    if (!ok) {
      const want = n === null ? "[]" : `[] or [${n}] (one per sample)`;
      throw new ShapeError(`${fn}: options.baseline (a learned baseline) must have shape ${want}, got shape [${baseline.shape.join(", ")}]`);
    }
    return { kind: "learned", value: baseline, decay: DEFAULT_DECAY };
  }
  throw argumentError(fn, "options.baseline", KINDS, baseline);
}

/** @internal The "movingAverage" baselines' state, by site name, kept across calls of one objective. */
export class MovingAverages {
  private readonly averages = new Map<string, number>();

  /** The average so far (undefined before the first call). */
  get(name: string): number | undefined {
    return this.averages.get(name);
  }

  /** Folds one call's cost into the average (the first call starts it). */
  update(name: string, cost: number, decay: number): void {
    const a = this.averages.get(name);
    this.averages.set(name, a === undefined ? cost : decay * a + (1 - decay) * cost);
  }
}

/**
 * @internal The baseline b (detached) of a site from its detached downstream cost `q` (shape [] or
 * [n]) and the part of it aligned per sample (`aligned`, [n], or null); null when there is none
 * (a moving average's first call, leave-one-out without per-sample costs). Updates `averages`.
 */
export function baselineValue(
  spec: BaselineSpec,
  name: string,
  q: Tensor,
  aligned: Tensor | null,
  averages: MovingAverages,
): Tensor | number | null {
  switch (spec.kind) {
    case "constant":
      return spec.value as number;
    case "learned":
      return stopGradient(spec.value as Tensor);
    case "movingAverage": {
      const before = averages.get(name);
      averages.update(name, (q.shape.length === 0 ? q : mean(q)).item(), spec.decay);
      return before === undefined ? null : before;
    }
    case "leaveOneOut": {
      if (aligned === null) return null;
      // b_i = (Σ_j q_j − q_i) / (n − 1): independent of sample i, so the term stays unbiased.
      return div(sub(sum(aligned), aligned), aligned.shape[0] - 1);
    }
  }
}

/** @internal A learned baseline's loss term Σ (b − q)² (q detached), or null for other kinds. */
export function baselineLossTerm(spec: BaselineSpec, q: Tensor): Tensor | null {
  return spec.kind === "learned" ? sum(square(sub(spec.value as Tensor, q))) : null;
}
