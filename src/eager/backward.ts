import { isFloat } from "../core/dtype.js";
import { AutogradError } from "../core/errors.js";
import { showShape } from "../core/shape.js";
import { gradMode, withGradMode } from "../interpreters/grad-mode.js";
import { backwardPass } from "../interpreters/reverse.js";
import { runGradHooks } from "../interpreters/run-grad-hooks.js";
import { batchedByVmap } from "./batched-by-vmap.js";
import { add } from "../primitives/binary/add.js";
import { cast } from "../primitives/other/cast.js";
import { onesLike } from "../tensor/creation.js";
import { scalarTensor, type Tensor } from "../tensor/tensor.js";
import { checkTensor, toTensor, type TensorLike } from "../ops/tensor-like.js";
import { checkBoolean, checkOptions } from "../core/validate.js";

/** Options of `backward()`. */
export interface BackwardOptions {
  /** Keep the saved values so backward can run through this graph again (default false). */
  retainGraph?: boolean;
  /** Record the backward pass itself, so the gradients are differentiable (double backward). */
  createGraph?: boolean;
}

const isEagerTracked = (t: Tensor): boolean => t._owner === null && t.requiresGrad;

/**
 * Reverse sweep from `y`, accumulating d(y·gradient)/d(leaf) into `.grad` of every leaf that
 * requires grad. This is `vjp` with the seed `gradient` (1 for a scalar), accumulated into `.grad`.
 *
 * @example
 * const w = tensor([1, 2], { requiresGrad: true });
 * sum(mul(w, w)).backward();
 * w.grad; // [2, 4]
 */
export function backward(y: Tensor, gradient?: TensorLike, opts: BackwardOptions = {}): void {
  checkTensor(y, "backward", "y");
  const options = checkOptions<BackwardOptions>(opts, "backward");
  if (y._owner !== null && batchedByVmap(y))
    throw new AutogradError(
      "backward() was called inside vmap on a value batched by vmap (one value per example): backward() accumulates into the .grad of " +
        "shared leaves and cannot run per example. For per-example gradients use vmap(grad(f)); for the gradient of the whole batch, " +
        "call backward() outside vmap, on a reduction of vmap's output",
    );
  if (y._owner !== null)
    throw new AutogradError(`backward() was called on a ${y._owner.name} tracer: inside a transform, use grad/vjp instead`);
  if (!y.requiresGrad)
    throw new AutogradError(
      "backward(): this tensor does not require grad and has no graph: create the leaves with { requiresGrad: true } " +
        "(and do not compute it inside noGrad)",
    );
  let seed: Tensor;
  if (gradient === undefined) {
    if (y.size !== 1)
      throw new AutogradError(
        `backward(): y has shape ${showShape(y.shape)}; a non-scalar needs an explicit gradient (y.backward(gradient)), ` +
          `or reduce it first (e.g. y.sum().backward())`,
      );
    seed = isFloat(y.dtype) ? scalarTensor(1, y.shape, y.dtype) : onesLike(y);
  } else {
    seed = cast(toTensor(gradient, y, "backward", "gradient"), y.dtype);
    if (seed.size !== y.size || seed.shape.length !== y.shape.length)
      throw new AutogradError(`backward(): gradient has shape ${showShape(seed.shape)}, y has shape ${showShape(y.shape)}`);
  }
  const createGraph = checkBoolean(options.createGraph ?? false, "backward", "createGraph");
  const retainGraph = checkBoolean(options.retainGraph ?? createGraph, "backward", "retainGraph");
  withGradMode(createGraph, () => {
    const leafCts = backwardPass([y], [seed], {
      tracked: isEagerTracked,
      release: !retainGraph,
      checkVersions: true,
      detectAnomaly: gradMode.detectAnomaly,
    });
    for (const [leaf, ct] of leafCts) {
      const g = leaf._hooks !== null ? runGradHooks(leaf._hooks, ct) : ct;
      leaf.grad = leaf.grad === null ? g : add(leaf.grad, g);
    }
  });
}
