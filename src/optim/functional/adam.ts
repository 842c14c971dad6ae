import { checkOptions } from "../../core/validate.js";
/**
 * Adam's scaling (Kingma & Ba), in PyTorch's formulation, per parameter with its own step count t:
 *
 *   m ← β1·m + (1−β1)·g,   v ← β2·v + (1−β2)·g²,   (AMSGrad: v̂max ← max(v̂max, v), used for v)
 *   u = m / (√v / √(1−β2ᵗ) + ε) / (1−β1ᵗ)
 *
 * With β1 = β2 = ε = 0 this is sign(g): Adam without its averages is sign descent, steepest descent
 * under ℓ∞ (Bernstein & Newhouse's "anthology").
 */
import { add, div, maximum, mul, sqrt } from "../../ops/index.js";
import { zerosLike } from "../../tensor/creation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { flattenTree } from "../tree.js";
import { fusedAdamMoments } from "./fused-adam-moments.js";
import { checkCount, leavesOf, rebuild, type GradientTransformation } from "./transform.js";
import { checkFlag, checkHyperparameter } from "./check-hyperparameter.js";

/** Options of `scaleByAdam`. */
export interface AdamScalingOptions {
  /** Decay of the first moment (default 0.9). */
  b1?: number;
  /** Decay of the second moment (default 0.999). */
  b2?: number;
  /** Added to the denominator (default 1e-8). */
  eps?: number;
  /** Use the running maximum of v (Reddi et al.; default false). */
  amsgrad?: boolean;
}

/** Per-parameter Adam state. */
export interface AdamState {
  step: number[];
  expAvg: Tensor[];
  expAvgSq: Tensor[];
  maxExpAvgSq: (Tensor | null)[];
}

/** @internal PyTorch's checks of Adam's hyperparameters. */
export function checkAdam(o: AdamScalingOptions, where: string): void {
  checkOptions(o, where);
  const { b1 = 0.9, b2 = 0.999, eps = 1e-8 } = o;
  checkHyperparameter(b1, where, "beta1", "[0, 1)");
  checkHyperparameter(b2, where, "beta2", "[0, 1)");
  checkHyperparameter(eps, where, "eps", "nonnegative");
  checkFlag(o.amsgrad, where, "amsgrad");
}

/** Adam's bias-corrected moment ratio. */
export function scaleByAdam(opts: AdamScalingOptions = {}): GradientTransformation<AdamState> {
  checkAdam(opts, "scaleByAdam");
  const { b1 = 0.9, b2 = 0.999, eps = 1e-8, amsgrad = false } = opts;
  return {
    init(params) {
      const ps = flattenTree(params)[0];
      return { step: ps.map(() => 0), expAvg: ps.map((p) => zerosLike(p)), expAvgSq: ps.map((p) => zerosLike(p)), maxExpAvgSq: ps.map((p) => (amsgrad ? zerosLike(p) : null)) };
    },
    update(updates, state, params) {
      const l = leavesOf(updates, params, "scaleByAdam");
      checkCount(l.us.length, state.step.length, "scaleByAdam");
      const next: AdamState = { step: state.step.slice(), expAvg: state.expAvg.slice(), expAvgSq: state.expAvgSq.slice(), maxExpAvgSq: state.maxExpAvgSq.slice() };
      const out = l.us.map((g, i) => {
        if (g === null) return null;
        const t = (next.step[i] = state.step[i]! + 1);
        const bc1 = 1 - b1 ** t;
        const bc2 = 1 - b2 ** t;
        const fused = amsgrad ? null : fusedAdamMoments(g, state.expAvg[i]!, state.expAvgSq[i]!, { b1, b2, eps, bc1, bc2 });
        if (fused !== null) {
          [next.expAvg[i], next.expAvgSq[i]] = fused;
          return fused[2];
        }
        const m = (next.expAvg[i] = add(mul(state.expAvg[i]!, b1), mul(g, 1 - b1)));
        let v = (next.expAvgSq[i] = add(mul(state.expAvgSq[i]!, b2), mul(mul(g, g), 1 - b2)));
        if (amsgrad) v = next.maxExpAvgSq[i] = maximum(state.maxExpAvgSq[i] ?? zerosLike(g), v);
        const denom = add(div(sqrt(v), Math.sqrt(bc2)), eps);
        return div(div(m, denom), bc1);
      });
      return [rebuild(l, out), next];
    },
  };
}
