import { checkOptions } from "../../core/validate.js";
/**
 * Adagrad's scaling (Duchi, Hazan & Singer), in PyTorch's formulation, per parameter with its own
 * step count t:  s ← s + g²;  u = g / (√s + ε) / (1 + (t−1)·lrDecay).
 */
import { add, div, mul, sqrt } from "../../ops/index.js";
import { full } from "../../tensor/creation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { flattenTree } from "../tree.js";
import { checkCount, leavesOf, rebuild, type GradientTransformation } from "./transform.js";
import { checkHyperparameter } from "./check-hyperparameter.js";

/** Options of `scaleByAdagrad`. */
export interface AdagradScalingOptions {
  /** Learning-rate decay per step (default 0). */
  lrDecay?: number;
  /** Added to the denominator (default 1e-10). */
  eps?: number;
  /** Initial value of the sum of squares (default 0). */
  initialAccumulatorValue?: number;
}

/** Per-parameter Adagrad state. */
export interface AdagradState {
  step: number[];
  sum: Tensor[];
}

/** Adagrad's scaling by the root of the accumulated squared gradients. */
export function scaleByAdagrad(opts: AdagradScalingOptions = {}): GradientTransformation<AdagradState> {
  const { lrDecay = 0, eps = 1e-10, initialAccumulatorValue = 0 } = checkOptions<AdagradScalingOptions>(opts, "scaleByAdagrad");
  checkHyperparameter(lrDecay, "scaleByAdagrad", "lrDecay", "nonnegative");
  checkHyperparameter(eps, "scaleByAdagrad", "eps", "nonnegative");
  checkHyperparameter(initialAccumulatorValue, "scaleByAdagrad", "initialAccumulatorValue", "nonnegative");
  return {
    init(params) {
      const ps = flattenTree(params)[0];
      return { step: ps.map(() => 0), sum: ps.map((p) => full(p.shape, initialAccumulatorValue, { dtype: p.dtype })) };
    },
    update(updates, state, params) {
      const l = leavesOf(updates, params, "scaleByAdagrad");
      checkCount(l.us.length, state.step.length, "scaleByAdagrad");
      const next: AdagradState = { step: state.step.slice(), sum: state.sum.slice() };
      const out = l.us.map((g, i) => {
        if (g === null) return null;
        const t = (next.step[i] = state.step[i]! + 1);
        const s = (next.sum[i] = add(state.sum[i]!, mul(g, g)));
        const u = div(g, add(sqrt(s), eps));
        return lrDecay === 0 ? u : div(u, 1 + (t - 1) * lrDecay);
      });
      return [rebuild(l, out), next];
    },
  };
}
