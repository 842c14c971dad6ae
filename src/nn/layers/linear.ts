import { checkBoolean, checkFiniteNumber, checkOptions } from "../../core/validate.js";
import { ArgumentError, ShapeError } from "../../core/errors.js";
import { showValue } from "../../core/validate.js";
import { showShape } from "../../core/shape.js";
import type { Tensor } from "../../tensor/tensor.js";
import { linear } from "../functional/linear.js";
import { defaultLayerInit } from "../init.js";
import { Module } from "../module.js";
import { parameter, type LayerOptions, checkLayerDType } from "./parameter.js";

/** Options of `Linear`. */
export interface LinearOptions extends LayerOptions {
  /** Learn an additive bias (default true). */
  bias?: boolean;
}

/**
 * y = x·Wᵀ + b over the last axis of x [..., inFeatures]; weight [outFeatures, inFeatures] (PyTorch's
 * layout), bias [outFeatures]. Initialised like PyTorch: U(±1/√inFeatures) for both.
 *
 * @example
 * const fc = new Linear(784, 10, { seed: 0 });
 * fc.forward(zeros([32, 784])).shape; // [32, 10]
 */
export class Linear extends Module {
  weight: Tensor;
  bias: Tensor | null;

  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    opts: LinearOptions = {},
  ) {
    super();
    for (const [what, n] of [["inFeatures", inFeatures], ["outFeatures", outFeatures]] as const)
      if (!Number.isInteger(n) || n < 0) throw new ArgumentError(`Linear: ${what} must be a non-negative integer, got ${showValue(n)}`);
    checkOptions<LinearOptions>(opts, "Linear");
    checkLayerDType(opts.dtype, "Linear");
    checkBoolean(opts.bias ?? true, "Linear", "bias");
    if (opts.seed !== undefined) checkFiniteNumber(opts.seed, "Linear", "seed");
    this.weight = parameter([outFeatures, inFeatures], opts.dtype, "Linear");
    this.bias = (opts.bias ?? true) ? parameter([outFeatures], opts.dtype, "Linear") : null;
    defaultLayerInit(this.weight, this.bias, opts);
  }

  forward(x: Tensor): Tensor {
    if (x.ndim === 0 || x.shape[x.ndim - 1] !== this.inFeatures)
      throw new ShapeError(`Linear(${this.inFeatures} → ${this.outFeatures}): the input's last axis must be ${this.inFeatures}, got shape ${showShape(x.shape)}`);
    return linear(x, this.weight, this.bias);
  }

  override extraRepr(): string {
    return `inFeatures=${this.inFeatures}, outFeatures=${this.outFeatures}, bias=${this.bias !== null}`;
  }
}
