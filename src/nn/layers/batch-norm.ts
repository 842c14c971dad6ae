import { checkBoolean, checkFiniteNumber, checkInteger, checkOptions } from "../../core/validate.js";
import { ShapeError } from "../../core/errors.js";
import { checkSize, showShape } from "../../core/shape.js";
import { full, tensor, zeros } from "../../tensor/creation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { add, mul, sub } from "../../ops/arithmetic.js";
import { rsqrt } from "../../ops/elementwise.js";
import { batchNorm } from "../../ops/batch-norm-primitive.js";
import { reshape } from "../../ops/shape-ops.js";
import { assign } from "../../eager/leaf-ops.js";
import { noGrad } from "../../eager/grad-mode.js";
import { constant } from "../init.js";
import { Module } from "../module.js";
import { canUpdateRunningInPlace, updateRunningInPlace } from "./running-stats.js";
import { parameter, checkLayerDType } from "./parameter.js";

/** Options of `BatchNorm1d` and `BatchNorm2d`. */
export interface BatchNormOptions {
  /** Added to the variance (default 1e-5). */
  eps?: number;
  /**
   * Weight of the current batch in the running statistics: running = (1 − momentum)·running +
   * momentum·batch (default 0.1, PyTorch's convention); `null` for a cumulative average.
   */
  momentum?: number | null;
  /** Learn a per-channel scale and shift (default true). */
  affine?: boolean;
  /** Keep running statistics for evaluation mode (default true); without them batch statistics are always used. */
  trackRunningStats?: boolean;
  dtype?: "float32" | "float64";
}

const PYTORCH_NAMES: Readonly<Record<string, string>> = { runningMean: "running_mean", runningVar: "running_var", numBatchesTracked: "num_batches_tracked" };

/**
 * Batch normalisation over the channel axis 1: in training mode each channel is normalised with
 * the batch mean and (biased) variance, and the running statistics are updated (the variance with
 * the unbiased estimate, as PyTorch); in evaluation mode the running statistics are used.
 */
abstract class BatchNorm extends Module {
  readonly eps: number;
  readonly momentum: number | null;
  weight: Tensor | null;
  bias: Tensor | null;
  runningMean: Tensor | null;
  runningVar: Tensor | null;
  numBatchesTracked: Tensor | null;

  constructor(
    readonly numFeatures: number,
    opts: BatchNormOptions,
  ) {
    super();
    const op = new.target.name;
    checkInteger(numFeatures, op, "numFeatures", 0);
    checkSize([numFeatures], op);
    checkOptions<BatchNormOptions>(opts, op);
    this.eps = checkFiniteNumber(opts.eps ?? 1e-5, op, "eps", "nonnegative");
    this.momentum = opts.momentum === undefined ? 0.1 : opts.momentum === null ? null : checkFiniteNumber(opts.momentum, op, "momentum", "nonnegative");
    const affine = checkBoolean(opts.affine ?? true, op, "affine");
    checkBoolean(opts.trackRunningStats ?? true, op, "trackRunningStats");
    const dtype = checkLayerDType(opts.dtype, op) ?? "float32";
    this.weight = affine ? constant(parameter([numFeatures], dtype, op), 1) : null;
    this.bias = affine ? parameter([numFeatures], dtype, op) : null;
    const track = opts.trackRunningStats ?? true;
    this.runningMean = track ? zeros([numFeatures], { dtype }) : null;
    this.runningVar = track ? full([numFeatures], 1, { dtype }) : null;
    this.numBatchesTracked = track ? zeros([], { dtype: "int32" }) : null;
  }

  // NOTE: PyTorch's names for the buffers, so that PyTorch state dicts load as they are.
  protected override tensorName(field: string): string {
    return PYTORCH_NAMES[field] ?? field;
  }

  /** The input ranks this layer accepts and their names, for errors. */
  protected abstract readonly ranks: readonly number[];
  protected abstract readonly expected: string;

  forward(x: Tensor): Tensor {
    if (!this.ranks.includes(x.ndim) || x.shape[1] !== this.numFeatures)
      throw new ShapeError(`${this.constructor.name}(${this.numFeatures}): expected input ${this.expected} with C = ${this.numFeatures}, got shape ${showShape(x.shape)}`);
    const perChannel = [1, this.numFeatures, ...Array.from({ length: x.ndim - 2 }, () => 1)];
    if (this.training || this.runningMean === null) {
      const count = x.size / this.numFeatures;
      if (this.training && count <= 1)
        throw new ShapeError(`${this.constructor.name}: training needs more than one value per channel, got input shape ${showShape(x.shape)}`);
      // One fused kernel for the statistics and x̂ (and one for its cotangent), then the affine part.
      const [xhat, mu, v] = batchNorm(x, { keep: [1], eps: this.eps }) as [Tensor, Tensor, Tensor];
      if (this.training && this.runningMean !== null) this.updateRunningStats(reshape(mu, perChannel), reshape(v, perChannel), count);
      const scaled = this.weight === null ? xhat : mul(xhat, reshape(this.weight, perChannel));
      return this.bias === null ? scaled : add(scaled, reshape(this.bias, perChannel));
    }
    // NOTE: evaluation mode folds the running statistics into a per-channel scale and shift (C-sized
    // ops), so x sees two elementwise ops: y = x·(w/√(v + eps)) + (b − μ·w/√(v + eps)).
    let scale = rsqrt(add(this.runningVar!, this.eps));
    if (this.weight !== null) scale = mul(scale, this.weight);
    const shift = sub(this.bias ?? 0, mul(this.runningMean, scale));
    return add(mul(x, reshape(scale, perChannel)), reshape(shift, perChannel));
  }

  /** running ← (1 − m)·running + m·batch, from concrete copies of the batch statistics (outside any graph). */
  private updateRunningStats(mu: Tensor, v: Tensor, count: number): void {
    noGrad(() => {
      const n = this.numBatchesTracked!.item() + 1;
      assign(this.numBatchesTracked!, n);
      const m = this.momentum ?? 1 / n;
      // NOTE: one loop per statistic where the data are at hand (the same bits as the ops below).
      if (canUpdateRunningInPlace(this.runningMean!, mu) && canUpdateRunningInPlace(this.runningVar!, v)) {
        updateRunningInPlace(this.runningMean!, mu, m, null);
        updateRunningInPlace(this.runningVar!, v, m, count / (count - 1));
        return;
      }
      const batchMean = reshape(tensor(mu, { dtype: this.runningMean!.dtype }), [this.numFeatures]);
      const batchVar = mul(reshape(tensor(v, { dtype: this.runningVar!.dtype }), [this.numFeatures]), count / (count - 1));
      assign(this.runningMean!, add(mul(this.runningMean!, 1 - m), mul(batchMean, m)));
      assign(this.runningVar!, add(mul(this.runningVar!, 1 - m), mul(batchVar, m)));
    });
  }

  override extraRepr(): string {
    return `${this.numFeatures}, eps=${this.eps}, momentum=${this.momentum}, affine=${this.weight !== null}, trackRunningStats=${this.runningMean !== null}`;
  }
}

/**
 * Batch normalisation of [N, C] or [N, C, L] inputs over the batch (and length) axes.
 *
 * @example
 * const bn = new BatchNorm1d(64);
 * bn.forward(randn([32, 64])); // per-feature zero mean, unit variance; bn.runningMean moves toward the batch mean
 */
export class BatchNorm1d extends BatchNorm {
  protected readonly ranks = [2, 3];
  protected readonly expected = "[N, C] or [N, C, L]";

  constructor(numFeatures: number, opts: BatchNormOptions = {}) {
    super(numFeatures, opts);
  }
}

/**
 * Batch normalisation of [N, C, H, W] inputs over the batch and spatial axes.
 *
 * @example
 * new BatchNorm2d(16).forward(randn([8, 16, 14, 14]));
 */
export class BatchNorm2d extends BatchNorm {
  protected readonly ranks = [4];
  protected readonly expected = "[N, C, H, W]";

  constructor(numFeatures: number, opts: BatchNormOptions = {}) {
    super(numFeatures, opts);
  }
}
