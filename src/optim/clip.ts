import { argumentError, checkIterable } from "../core/validate.js";
/**
 * Eager gradient clipping (PyTorch's `clip_grad_norm_` and `clip_grad_value_`), on the `.grad` of
 * parameters, before `optimizer.step()`. Clipping by norm takes any `Norm`.
 */
import { noGrad } from "../eager/grad-mode.js";
import { checkClipOptions, clipByValueAs, clipTree, type ClipOptions } from "./functional/clip.js";
import { l2 } from "./norms/l2.js";
import { checkNorm, type Norm } from "./norms/norm.js";
import { Tensor } from "../tensor/tensor.js";

/** Options of `clipGradNorm`. */
export interface ClipGradNormOptions extends ClipOptions {
  /** The norm to measure the gradients with (default: global ℓ2 over all of them). */
  norm?: Norm;
}

/**
 * Scales the gradients of `params` together so that their norm is at most `maxNorm`
 * (g ← g·maxNorm/(‖g‖ + 1e-6) when ‖g‖ > maxNorm); returns the norm before clipping. Parameters
 * without a gradient are skipped.
 *
 * @example
 * loss.backward();
 * optim.clipGradNorm(params, 1.0);                                  // global ℓ2
 * optim.clipGradNorm(params, 1.0, { norm: optim.norms.linf() });    // largest entry
 * opt.step();
 */
export function clipGradNorm(params: Iterable<Tensor>, maxNorm: number, opts: ClipGradNormOptions = {}): number {
  const ps = checkParams(params, "clipGradNorm").filter((p) => p.grad !== null);
  const o = checkClipOptions<ClipGradNormOptions>(opts, "clipGradNorm");
  const norm = o.norm === undefined ? l2() : checkNorm(o.norm, "clipGradNorm", "opts.norm");
  if (!(typeof maxNorm === "number" && maxNorm >= 0)) throw argumentError("clipGradNorm", "maxNorm", "a number ≥ 0 (∞ allowed: measure only)", maxNorm);
  if (ps.length === 0) return 0;
  return noGrad(() => {
    const [clipped, total] = clipTree(
      ps.map((p) => p.grad!),
      norm,
      maxNorm,
      o,
      undefined,
      "clipGradNorm",
    );
    ps.forEach((p, i) => (p.grad = clipped[i]!));
    return total;
  });
}

/** Clamps every gradient entry of `params` to [−clipValue, clipValue]. */
export function clipGradValue(params: Iterable<Tensor>, clipValue: number): void {
  const ps = checkParams(params, "clipGradValue").filter((p) => p.grad !== null);
  const tx = clipByValueAs(clipValue, "clipGradValue");
  noGrad(() => {
    const [clipped] = tx.update(
      ps.map((p) => p.grad!),
      {},
    );
    ps.forEach((p, i) => (p.grad = clipped[i]!));
  });
}

/** The parameters of `clipGradNorm`/`clipGradValue` as an array, each checked to be a tensor. */
function checkParams(params: unknown, fn: string): Tensor[] {
  const ps = [...checkIterable<unknown>(params, fn, "params", "an iterable of tensors")];
  ps.forEach((p, i) => {
    if (!(p instanceof Tensor)) throw argumentError(fn, `params[${i}]`, "a tensor", p);
  });
  return ps as Tensor[];
}
