import { ArgumentError, ShapeError } from "../core/errors.js";
import { checkOptions, showValue } from "../core/validate.js";
import { isFloat } from "../core/dtype.js";
import { shapesEqual, showShape } from "../core/shape.js";
import { gather } from "../primitives/movement/gather.js";
import { reshape } from "../primitives/movement/reshape.js";
import { arange, tensor } from "../tensor/creation.js";
import { Tensor } from "../tensor/tensor.js";
import { add, mul, neg, sub } from "./arithmetic.js";
import { softplus } from "./activations.js";
import { equal, greaterEqual, less, logicalAnd, where } from "./comparison.js";
import { toIndices } from "./indexing.js";
import { mean, sum } from "./reductions.js";
import { unsqueeze } from "./shape-ops.js";
import { logSoftmax } from "./softmax.js";
import { promoteFloatOperands, toFloat, type TensorLike } from "./tensor-like.js";

/** How a loss combines its per-example values. */
export type Reduction = "mean" | "sum" | "none";

/** Options of the losses. */
export interface LossOptions {
  /** "mean" (default) over all examples, "sum", or "none" for the per-example losses. */
  reduction?: Reduction;
}

function reduce(losses: Tensor, opts: LossOptions | undefined, op: string): Tensor {
  const r = checkOptions<LossOptions>(opts, op).reduction ?? "mean";
  if (r === "mean") return mean(losses);
  if (r === "sum") return sum(losses);
  if (r === "none") return losses;
  throw new ArgumentError(`${op}: reduction must be "mean", "sum" or "none", got ${showValue(r)}`);
}

/**
 * Softmax cross-entropy −log softmax(logits)[label] with classes along the last axis; `labels`
 * (int32 tensor or number[]) has the shape of `logits` without that axis. A float `labels` of
 * the same shape as `logits` is read as target probabilities: −Σ p ⊙ log softmax(logits).
 * Stable for any logits; ∂L/∂logits = softmax(logits) − onehot(label) per example.
 *
 * @example
 * crossEntropy(tensor([[2, 0, 0], [0, 3, 0]]), [0, 1]); // mean over the batch
 */
export function crossEntropy(logits: TensorLike, labels: Tensor | readonly number[] | number, opts?: LossOptions): Tensor {
  const z = toFloat(logits, "crossEntropy");
  if (z.ndim === 0) throw new ShapeError("crossEntropy: logits must have a class axis (rank ≥ 1), got shape []");
  const logp = logSoftmax(z, -1);
  if (labels instanceof Tensor && isFloat(labels.dtype)) {
    if (!shapesEqual(labels.shape, z.shape))
      throw new ShapeError(`crossEntropy: target probabilities of shape ${showShape(labels.shape)} must match logits of shape ${showShape(z.shape)}`);
    return reduce(neg(sum(mul(logp, labels), -1)), opts, "crossEntropy");
  }
  const idx = toIndices(labels as Tensor | readonly number[] | number, "crossEntropy");
  const batch = z.shape.slice(0, -1);
  const classes = z.shape[z.ndim - 1]!;
  if (!shapesEqual(idx.shape, batch))
    throw new ShapeError(`crossEntropy: labels of shape ${showShape(idx.shape)} do not match logits of shape ${showShape(z.shape)} (expected ${showShape(batch)})`);
  if (idx._owner !== null) return reduce(neg(pickTraced(logp, idx, classes)), opts, "crossEntropy");
  const values = idx._concrete()._data!;
  const flat = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const label = values[i]!;
    if (label < 0 || label >= classes)
      throw new ArgumentError(`crossEntropy: label ${label} at position ${i} is out of range for ${classes} classes`);
    flat[i] = i * classes + label;
  }
  // Take-along-axis as one gather on the flattened log-probabilities.
  const picked = gather(reshape(logp, [logp.size]), tensor(flat, { shape: batch }), 0);
  return reduce(neg(picked), opts, "crossEntropy");
}

/**
 * logp[..., label] for labels that are a transform's tracer (`compile`, `trace`, a transform taken
 * with respect to them): built from ops, since their values cannot be read while tracing.
 * NOTE: a label outside [0, classes) cannot raise here as the eager path does; it gives NaN for
 * its example instead, so that the loss shows it rather than silently dropping the example.
 */
function pickTraced(logp: Tensor, labels: Tensor, classes: number): Tensor {
  const hit = equal(unsqueeze(labels, -1), arange(classes, undefined, 1, { dtype: "int32" })); // one-hot [..., C]
  const picked = sum(where(hit, logp, 0), -1); // where, not ⊙: 0·(−∞) would be NaN
  return where(logicalAnd(greaterEqual(labels, 0), less(labels, classes)), picked, NaN);
}

/**
 * Checks that an elementwise loss's two tensors have one shape.
 * NOTE: losses never broadcast two tensors (PyTorch warns and broadcasts, which turns
 * mseLoss([4, 1], [4]) into a mean over 16 pairs); a plain JS number is still a constant for every element.
 */
function checkSameShape(input: TensorLike, target: TensorLike, op: string, targetName: string): void {
  if (input instanceof Tensor && target instanceof Tensor && !shapesEqual(input.shape, target.shape))
    throw new ShapeError(`${op}: ${targetName} of shape ${showShape(target.shape)} must have the input's shape ${showShape(input.shape)}`);
}

/**
 * Mean squared error mean((pred − target)²) (or "sum"/"none" via `reduction`).
 *
 * @example
 * mseLoss(tensor([1, 2]), tensor([1, 4])); // 2
 */
export function mseLoss(pred: TensorLike, target: TensorLike, opts?: LossOptions): Tensor {
  checkSameShape(pred, target, "mseLoss", "target");
  const [p, t] = promoteFloatOperands(pred, target, "mseLoss");
  const d = sub(p, t);
  return reduce(mul(d, d), opts, "mseLoss");
}

/**
 * Binary cross-entropy on logits, −[t log σ(x) + (1 − t) log(1 − σ(x))] = softplus(x) − t·x,
 * stable for any x. ∂L/∂x = σ(x) − t per element.
 *
 * @example
 * binaryCrossEntropyWithLogits(tensor([0]), tensor([1])); // 0.6931
 */
export function binaryCrossEntropyWithLogits(logits: TensorLike, targets: TensorLike, opts?: LossOptions): Tensor {
  checkSameShape(logits, targets, "binaryCrossEntropyWithLogits", "targets");
  const [x, t] = promoteFloatOperands(logits, targets, "binaryCrossEntropyWithLogits");
  return reduce(add(softplus(x), neg(mul(t, x))), opts, "binaryCrossEntropyWithLogits");
}
