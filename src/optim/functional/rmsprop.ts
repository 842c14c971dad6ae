import { checkOptions } from "../../core/validate.js";
/**
 * RMSprop's scaling (Hinton's lecture 6e), in PyTorch's formulation:
 *
 *   s ← α·s + (1−α)·g²;   centered: a ← α·a + (1−α)·g, s̃ = s − a²;   d = √s̃ + ε
 *   u = g/d, or with momentum μ: b ← μ·b + g/d (b₀ = 0), u = b
 */
import { add, div, mul, sqrt, sub } from "../../ops/index.js";
import { zerosLike } from "../../tensor/creation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { flattenTree } from "../tree.js";
import { checkCount, leavesOf, rebuild, type GradientTransformation } from "./transform.js";
import { checkFlag, checkHyperparameter } from "./check-hyperparameter.js";

/** Options of `scaleByRms`. */
export interface RmsScalingOptions {
  /** Smoothing constant α (default 0.99). */
  alpha?: number;
  /** Added to the denominator (default 1e-8). */
  eps?: number;
  /** Normalise by the estimated variance instead of the second moment (default false). */
  centered?: boolean;
  /** Momentum μ (default 0). */
  momentum?: number;
}

/** Per-parameter RMSprop state. */
export interface RmsState {
  squareAvg: Tensor[];
  gradAvg: (Tensor | null)[];
  momentumBuffer: (Tensor | null)[];
}

/** RMSprop's scaling by a running root mean square of the gradients. */
export function scaleByRms(opts: RmsScalingOptions = {}): GradientTransformation<RmsState> {
  const { alpha = 0.99, eps = 1e-8, centered = false, momentum = 0 } = checkOptions<RmsScalingOptions>(opts, "scaleByRms");
  checkHyperparameter(alpha, "scaleByRms", "alpha", "[0, 1]");
  checkHyperparameter(eps, "scaleByRms", "eps", "nonnegative");
  checkHyperparameter(momentum, "scaleByRms", "momentum", "[0, 1)");
  checkFlag(centered, "scaleByRms", "centered");
  return {
    init(params) {
      const ps = flattenTree(params)[0];
      return {
        squareAvg: ps.map((p) => zerosLike(p)),
        gradAvg: ps.map((p) => (centered ? zerosLike(p) : null)),
        momentumBuffer: ps.map((p) => (momentum > 0 ? zerosLike(p) : null)),
      };
    },
    update(updates, state, params) {
      const l = leavesOf(updates, params, "scaleByRms");
      checkCount(l.us.length, state.squareAvg.length, "scaleByRms");
      const next: RmsState = { squareAvg: state.squareAvg.slice(), gradAvg: state.gradAvg.slice(), momentumBuffer: state.momentumBuffer.slice() };
      const out = l.us.map((g, i) => {
        if (g === null) return null;
        const s = (next.squareAvg[i] = add(mul(state.squareAvg[i]!, alpha), mul(mul(g, g), 1 - alpha)));
        let avg: Tensor;
        if (centered) {
          const a = (next.gradAvg[i] = add(mul(state.gradAvg[i] ?? zerosLike(g), alpha), mul(g, 1 - alpha)));
          avg = add(sqrt(sub(s, mul(a, a))), eps);
        } else avg = add(sqrt(s), eps);
        if (momentum > 0) return (next.momentumBuffer[i] = add(mul(state.momentumBuffer[i] ?? zerosLike(g), momentum), div(g, avg)));
        return div(g, avg);
      });
      return [rebuild(l, out), next];
    },
  };
}
