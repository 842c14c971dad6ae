import { argumentError, checkOptions } from "../../core/validate.js";
import { ArgumentError } from "../../core/errors.js";
import { showValue } from "../../core/validate.js";
import type { Tensor } from "../../tensor/tensor.js";
import { add, mul } from "../../ops/arithmetic.js";
import { binaryCrossEntropyWithLogits, crossEntropy, mseLoss, type Reduction } from "../../ops/losses.js";
import { mean, sum } from "../../ops/reductions.js";
import { logSoftmax } from "../../ops/softmax.js";
import { Module } from "../module.js";

/** Options of the loss modules. */
export interface LossModuleOptions {
  /** "mean" (default), "sum" or "none" (per example). */
  reduction?: Reduction;
}

/** Options of `CrossEntropyLoss`. */
export interface CrossEntropyLossOptions extends LossModuleOptions {
  /** Mix the one-hot target with the uniform distribution: (1 − ε)·onehot + ε/classes (default 0). */
  labelSmoothing?: number;
}

function reduce(losses: Tensor, reduction: Reduction): Tensor {
  return reduction === "mean" ? mean(losses) : reduction === "sum" ? sum(losses) : losses;
}

/**
 * Softmax cross-entropy of logits [..., classes] against integer labels [...] (int32 tensor or
 * number[]) or target probabilities of the logits' shape; uses the stable `crossEntropy` op.
 *
 * @example
 * const lossFn = new CrossEntropyLoss();
 * lossFn.forward(logits, labels); // mean over the batch
 */
export class CrossEntropyLoss extends Module<[Tensor, Tensor | readonly number[]], Tensor> {
  readonly reduction: Reduction;
  readonly labelSmoothing: number;

  constructor(opts: CrossEntropyLossOptions = {}) {
    super();
    this.reduction = checkReduction(checkOptions<CrossEntropyLossOptions>(opts, "CrossEntropyLoss").reduction, "CrossEntropyLoss");
    this.labelSmoothing = opts.labelSmoothing ?? 0;
    if (!(this.labelSmoothing >= 0 && this.labelSmoothing <= 1)) throw new ArgumentError(`CrossEntropyLoss: labelSmoothing must be in [0, 1], got ${showValue(this.labelSmoothing)}`);
  }

  forward(logits: Tensor, labels: Tensor | readonly number[]): Tensor {
    const eps = this.labelSmoothing;
    if (eps === 0) return crossEntropy(logits, labels, { reduction: this.reduction });
    // (1 − ε)·CE(onehot) + ε·CE(uniform), and CE(uniform) = −mean over classes of log softmax.
    const hard = crossEntropy(logits, labels, { reduction: "none" });
    const uniform = mul(mean(logSoftmax(logits, -1), -1), -1);
    return reduce(add(mul(hard, 1 - eps), mul(uniform, eps)), this.reduction);
  }

  override extraRepr(): string {
    return `reduction="${this.reduction}"${this.labelSmoothing > 0 ? `, labelSmoothing=${this.labelSmoothing}` : ""}`;
  }
}

/** Mean squared error between prediction and target. @example new MSELoss().forward(pred, target) */
export class MSELoss extends Module<[Tensor, Tensor], Tensor> {
  readonly reduction: Reduction;

  constructor(opts: LossModuleOptions = {}) {
    super();
    this.reduction = checkReduction(checkOptions<LossModuleOptions>(opts, "MSELoss").reduction, "MSELoss");
  }

  forward(pred: Tensor, target: Tensor): Tensor {
    return mseLoss(pred, target, { reduction: this.reduction });
  }

  override extraRepr(): string {
    return `reduction="${this.reduction}"`;
  }
}

/** Binary cross-entropy on logits against targets in [0, 1], stable for any logit. */
export class BCEWithLogitsLoss extends Module<[Tensor, Tensor], Tensor> {
  readonly reduction: Reduction;

  constructor(opts: LossModuleOptions = {}) {
    super();
    this.reduction = checkReduction(checkOptions<LossModuleOptions>(opts, "BCEWithLogitsLoss").reduction, "BCEWithLogitsLoss");
  }

  forward(logits: Tensor, targets: Tensor): Tensor {
    return binaryCrossEntropyWithLogits(logits, targets, { reduction: this.reduction });
  }

  override extraRepr(): string {
    return `reduction="${this.reduction}"`;
  }
}

/** A loss module's `reduction` option: "mean" (default), "sum" or "none"; the error names the module. */
function checkReduction(value: unknown, op: string): Reduction {
  if (value === undefined) return "mean";
  if (value === "mean" || value === "sum" || value === "none") return value;
  throw argumentError(op, "options.reduction", '"mean", "sum" or "none"', value);
}
