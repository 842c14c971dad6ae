import { checkBoolean, checkFiniteNumber, checkInteger, checkIntegerArray, checkOptions } from "../../core/validate.js";
import { ShapeError } from "../../core/errors.js";
import { showShape } from "../../core/shape.js";
import type { Tensor } from "../../tensor/tensor.js";
import { add, mul, sub } from "../../ops/arithmetic.js";
import { rsqrt } from "../../ops/elementwise.js";
import { mean, variance } from "../../ops/reductions.js";
import { constant } from "../init.js";
import { Module } from "../module.js";
import { parameter, checkLayerDType } from "./parameter.js";

/** Options of `LayerNorm`. */
export interface LayerNormOptions {
  /** Added to the variance (default 1e-5). */
  eps?: number;
  /** Learn a per-element scale and shift (default true). */
  elementwiseAffine?: boolean;
  /** Learn the shift when affine (default true). */
  bias?: boolean;
  dtype?: "float32" | "float64";
}

/**
 * Normalises over the last axes (those of `normalizedShape`) of each example:
 * (x − mean) / √(var + eps) · weight + bias, with the biased variance (as PyTorch).
 *
 * @example
 * new LayerNorm(64).forward(randn([8, 64])); // zero mean, unit variance per row
 */
export class LayerNorm extends Module {
  readonly normalizedShape: number[];
  readonly eps: number;
  weight: Tensor | null;
  bias: Tensor | null;

  constructor(normalizedShape: number | readonly number[], opts: LayerNormOptions = {}) {
    super();
    this.normalizedShape = typeof normalizedShape === "number" ? [checkInteger(normalizedShape, "LayerNorm", "normalizedShape", 0)] : checkIntegerArray(normalizedShape, "LayerNorm", "normalizedShape", 0).slice();
    checkOptions<LayerNormOptions>(opts, "LayerNorm");
    checkLayerDType(opts.dtype, "LayerNorm");
    this.eps = checkFiniteNumber(opts.eps ?? 1e-5, "LayerNorm", "eps", "nonnegative");
    const affine = checkBoolean(opts.elementwiseAffine ?? true, "LayerNorm", "elementwiseAffine");
    checkBoolean(opts.bias ?? true, "LayerNorm", "bias");
    this.weight = affine ? constant(parameter(this.normalizedShape, opts.dtype, "LayerNorm"), 1) : null;
    this.bias = affine && (opts.bias ?? true) ? parameter(this.normalizedShape, opts.dtype, "LayerNorm") : null;
  }

  forward(x: Tensor): Tensor {
    const k = this.normalizedShape.length;
    const tail = x.shape.slice(x.ndim - k);
    if (x.ndim < k || tail.some((d, i) => d !== this.normalizedShape[i]))
      throw new ShapeError(`LayerNorm(${showShape(this.normalizedShape)}): the input's last axes must be ${showShape(this.normalizedShape)}, got shape ${showShape(x.shape)}`);
    const axes = Array.from({ length: k }, (_, i) => x.ndim - k + i);
    const mu = mean(x, axes, true);
    const y = mul(sub(x, mu), rsqrt(add(variance(x, axes, true), this.eps)));
    const scaled = this.weight === null ? y : mul(y, this.weight);
    return this.bias === null ? scaled : add(scaled, this.bias);
  }

  override extraRepr(): string {
    return `${showShape(this.normalizedShape)}, eps=${this.eps}, elementwiseAffine=${this.weight !== null}`;
  }
}
