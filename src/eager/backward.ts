import { isFloat } from "../core/dtype.js";
import { AutogradError } from "../core/errors.js";
import { shapesEqual, showShape } from "../core/shape.js";
import { gradMode, withGradMode } from "../interpreters/grad-mode.js";
import { backwardPass } from "../interpreters/reverse.js";
import { runGradHooks } from "../interpreters/run-grad-hooks.js";
import { batchedByVmap } from "./batched-by-vmap.js";
import { clearSweptLeaves, scalarBackward, sweptCotangent, sweptLeaf } from "./scalar-backward.js";
import { currentInterpreter } from "../primitives/bind.js";
import { scalarFastPath } from "../primitives/rule-helpers.js";
import { evaluatesPlainly } from "../interpreters/eval.js";
import { add } from "../primitives/binary/add.js";
import { cast } from "../primitives/other/cast.js";
import { onesLike } from "../tensor/creation.js";
import { scalarTensor, scalarValue, Tensor } from "../tensor/tensor.js";
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

const noOptions: BackwardOptions = Object.freeze({});

/** General eager sweeps running now (a hook may call backward() inside one); the scalar sweep runs only when none is. */
let generalSweeps = 0;

/**
 * Reverse sweep from `y`, accumulating d(y·gradient)/d(leaf) into `.grad` of every leaf that
 * requires grad. This is `vjp` with the seed `gradient` (1 for a scalar), accumulated into `.grad`.
 *
 * @example
 * const w = tensor([1, 2], { requiresGrad: true });
 * sum(mul(w, w)).backward();
 * w.grad; // [2, 4]
 */
export function backward(y: Tensor, gradient?: TensorLike, opts?: BackwardOptions): void {
  // NOTE: the common call, backward(y) on a recorded one-element float64 eager value, goes straight to
  // the scalar sweep: every check below would pass (seed 1, defaults), so they are not made for it.
  const plainCall =
    gradient === undefined && opts === undefined && y instanceof Tensor && y._node !== null && y._owner === null &&
    y.dtype === "float64" && y.requiresGrad && y.size === 1 && scalarSweepApplies();
  if (plainCall && sweepScalar(y, true)) return;
  checkTensor(y, "backward", "y");
  const options = opts === undefined ? noOptions : checkOptions<BackwardOptions>(opts, "backward");
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
  // NOTE: null stands for the float seed 1, made only when the general sweep needs it.
  let seed: Tensor | null = null;
  if (gradient === undefined) {
    if (y.size !== 1)
      throw new AutogradError(
        `backward(): y has shape ${showShape(y.shape)}; a non-scalar needs an explicit gradient (y.backward(gradient)), ` +
          `or reduce it first (e.g. y.sum().backward())`,
      );
    if (!isFloat(y.dtype)) seed = onesLike(y);
  } else {
    seed = cast(toTensor(gradient, y, "backward", "gradient"), y.dtype);
    if (seed.size !== y.size || seed.shape.length !== y.shape.length)
      throw new AutogradError(`backward(): gradient has shape ${showShape(seed.shape)}, y has shape ${showShape(y.shape)}`);
  }
  const createGraph = checkBoolean(options.createGraph ?? false, "backward", "createGraph");
  const retainGraph = checkBoolean(options.retainGraph ?? createGraph, "backward", "retainGraph");
  if (!plainCall && gradient === undefined && !createGraph && y.dtype === "float64" && y._node !== null && scalarSweepApplies() && sweepScalar(y, !retainGraph))
    return;
  const seedTensor = seed ?? scalarTensor(1, y.shape, y.dtype);
  generalSweeps++;
  try {
    withGradMode(createGraph, () => {
      const leafCts = backwardPass([y], [seedTensor], {
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
  } finally {
    generalSweeps--;
  }
}

/** Runs the eager scalar sweep from `y` and accumulates its leaves' `.grad`; false having changed nothing where it does not apply. */
function sweepScalar(y: Tensor, release: boolean): boolean {
  const n = scalarBackward(y, release);
  if (n < 0) return false;
  try {
    for (let i = 0; i < n; i++) accumulateNumber(sweptLeaf(i), sweptCotangent(i));
  } finally {
    clearSweptLeaves();
  }
  return true;
}

/** Whether the eager scalar sweep may run now: no sweep running, no anomaly detection, nothing recording the sweep's own operations. */
function scalarSweepApplies(): boolean {
  return generalSweeps === 0 && !gradMode.detectAnomaly && scalarFastPath() && evaluatesPlainly(currentInterpreter());
}

/**
 * `leaf.grad += ct` for a float64 leaf of one element (hook-free): what the general path's
 * `add(leaf.grad, g)` gives, without dispatch when `.grad` is a plain one-element float64 of the
 * leaf's shape; any other `.grad` (set by the user, or recorded by a createGraph backward) takes `add`.
 */
function accumulateNumber(leaf: Tensor, ct: number): void {
  const prev = leaf.grad;
  if (prev === null) leaf.grad = scalarTensor(ct, leaf.shape, "float64");
  else {
    const pv = prev.dtype === "float64" && prev._owner === null && !prev.requiresGrad ? scalarValue(prev) : undefined;
    if (pv !== undefined && (prev.shape === leaf.shape || shapesEqual(prev.shape, leaf.shape))) leaf.grad = scalarTensor(pv + ct, prev.shape, "float64");
    else leaf.grad = withGradMode(false, () => add(prev, scalarTensor(ct, leaf.shape, "float64")));
  }
}
