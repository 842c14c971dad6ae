import { ArgumentError } from "../../core/errors.js";
import { checkOptions, argumentError } from "../../core/validate.js";
/**
 * Momentum, in the two conventions in use (β = `beta`):
 *
 * - `style: "ema"` (Muon, Modula, Scion, Adam's first moment): m ← β·m + (1−β)·g (m₀ = 0); the
 *   output is m, or with Nesterov (1−β)·g + β·m.
 * - `style: "sgd"` (PyTorch's SGD): b ← β·b + (1−dampening)·g, with b = g at the first step; the
 *   output is b, or with Nesterov g + β·b.
 *
 * With zero initial state m_ema = (1−β)·b_sgd at every step (dampening 0), so normalized steepest
 * descent (dualize(c·g) = dualize(g)) is the same under both; unnormalized steps differ by (1−β).
 * β = 0 passes updates through.
 */
import { add, mul } from "../../ops/index.js";
import type { Tensor } from "../../tensor/tensor.js";
import { flattenTree } from "../tree.js";
import { checkCount, leavesOf, rebuild, type GradientTransformation } from "./transform.js";
import { checkFlag, checkHyperparameter } from "./check-hyperparameter.js";

/** Options of `momentum`. */
export interface MomentumOptions {
  /** The momentum coefficient β ∈ [0, 1). */
  beta: number;
  /** Nesterov's look-ahead (default false). */
  nesterov?: boolean;
  /** `"ema"` (default) or `"sgd"`. */
  style?: "ema" | "sgd";
  /** PyTorch's dampening of the "sgd" style (default 0). */
  dampening?: number;
}

/** Per-parameter momentum buffers (null until a parameter's first gradient). */
export interface MomentumState {
  buffers: (Tensor | null)[];
}

/** @internal Validates momentum options (PyTorch's rules for Nesterov). */
export function checkMomentum(o: MomentumOptions, where: string): void {
  if (o === undefined) throw argumentError(where, "options", "an options object { beta, ... }", o);
  checkOptions(o, where);
  checkHyperparameter(o.beta, where, "momentum", "[0, 1)");
  const d = checkHyperparameter(o.dampening ?? 0, where, "dampening", "[0, 1]");
  checkFlag(o.nesterov, where, "nesterov");
  if (o.nesterov && (o.beta <= 0 || d !== 0))
    throw new ArgumentError(`${where}: Nesterov momentum requires momentum > 0 and zero dampening, got momentum ${o.beta} and dampening ${d}`);
  if (o.style !== undefined && o.style !== "ema" && o.style !== "sgd") throw argumentError(where, "momentumStyle", '"ema" or "sgd"', o.style);
}

/**
 * Heavy-ball or Nesterov momentum.
 *
 * @example
 * functional.momentum({ beta: 0.9, style: "sgd", nesterov: true });
 */
export function momentum(opts: MomentumOptions): GradientTransformation<MomentumState> {
  checkMomentum(opts, "momentum");
  const { beta, nesterov = false, style = "ema", dampening = 0 } = opts;
  return {
    init: (params) => ({ buffers: flattenTree(params)[0].map(() => null) }),
    update(updates, state, params) {
      const l = leavesOf(updates, params, "momentum");
      checkCount(l.us.length, state.buffers.length, "momentum");
      if (beta === 0) return [updates, state];
      const buffers = state.buffers.slice();
      const out = l.us.map((g, i) => {
        if (g === null) return null;
        const prev = buffers[i]!;
        let buf: Tensor;
        if (style === "sgd") buf = prev === null ? g : add(mul(prev, beta), dampening === 0 ? g : mul(g, 1 - dampening));
        else buf = prev === null ? mul(g, 1 - beta) : add(mul(prev, beta), mul(g, 1 - beta));
        buffers[i] = buf;
        if (!nesterov) return buf;
        return style === "sgd" ? add(g, mul(buf, beta)) : add(mul(g, 1 - beta), mul(buf, beta));
      });
      return [rebuild(l, out), { buffers }];
    },
  };
}
