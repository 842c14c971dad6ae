import { checkBoolean, checkFiniteNumber, checkInteger, checkOptions } from "../../core/validate.js";
import { ArgumentError } from "../../core/errors.js";
import type { Tensor } from "../../tensor/tensor.js";
import { conv2d, toPair, type Conv2dPadding, type Pair } from "../functional/conv2d.js";
import { defaultLayerInit } from "../init.js";
import { Module } from "../module.js";
import { parameter, type LayerOptions, checkLayerDType } from "./parameter.js";

/** Options of `Conv2d`. */
export interface Conv2dLayerOptions extends LayerOptions {
  /** Default 1. */
  stride?: Pair;
  /** Zero padding: a number, [h, w], [[top, bottom], [left, right]], "valid" or "same" (default 0). */
  padding?: Conv2dPadding;
  /** Default 1. */
  dilation?: Pair;
  /** Channel groups (default 1); both channel counts must be divisible by it. */
  groups?: number;
  /** Learn a bias per output channel (default true). */
  bias?: boolean;
}

/**
 * 2-D convolution layer over [N, C, H, W] (or [C, H, W]) inputs: weight
 * [outChannels, inChannels/groups, KH, KW], bias [outChannels], initialised like PyTorch
 * (U(±1/√fanIn), fanIn = inChannels/groups·KH·KW).
 *
 * @example
 * const conv = new Conv2d(1, 16, 3, { padding: 1, seed: 0 });
 * conv.forward(zeros([8, 1, 28, 28])).shape; // [8, 16, 28, 28]
 */
export class Conv2d extends Module {
  weight: Tensor;
  bias: Tensor | null;
  readonly kernelSize: [number, number];

  constructor(
    readonly inChannels: number,
    readonly outChannels: number,
    kernelSize: Pair,
    readonly options: Conv2dLayerOptions = {},
  ) {
    super();
    checkInteger(inChannels, "Conv2d", "inChannels", 1);
    checkInteger(outChannels, "Conv2d", "outChannels", 1);
    checkOptions<Conv2dLayerOptions>(options, "Conv2d");
    checkLayerDType(options.dtype, "Conv2d");
    checkBoolean(options.bias ?? true, "Conv2d", "bias");
    if (options.seed !== undefined) checkFiniteNumber(options.seed, "Conv2d", "seed");
    const groups = options.groups ?? 1;
    if (!Number.isInteger(groups) || groups < 1 || inChannels % groups !== 0 || outChannels % groups !== 0)
      throw new ArgumentError(`Conv2d: groups = ${groups} must be a positive integer dividing inChannels (${inChannels}) and outChannels (${outChannels})`);
    this.kernelSize = toPair(kernelSize, "kernelSize", "Conv2d");
    toPair(options.stride ?? 1, "stride", "Conv2d");
    toPair(options.dilation ?? 1, "dilation", "Conv2d");
    this.weight = parameter([outChannels, inChannels / groups, ...this.kernelSize], options.dtype, "Conv2d");
    this.bias = (options.bias ?? true) ? parameter([outChannels], options.dtype, "Conv2d") : null;
    defaultLayerInit(this.weight, this.bias, options);
  }

  forward(x: Tensor): Tensor {
    const { stride, padding, dilation, groups } = this.options;
    return conv2d(x, this.weight, { stride, padding, dilation, groups, bias: this.bias });
  }

  override extraRepr(): string {
    const o = this.options;
    const extras = [
      o.stride !== undefined && `stride=${JSON.stringify(o.stride)}`,
      o.padding !== undefined && `padding=${JSON.stringify(o.padding)}`,
      o.dilation !== undefined && `dilation=${JSON.stringify(o.dilation)}`,
      o.groups !== undefined && `groups=${o.groups}`,
      this.bias === null && "bias=false",
    ].filter(Boolean);
    return [`${this.inChannels}, ${this.outChannels}, kernelSize=[${this.kernelSize.join(", ")}]`, ...extras].join(", ");
  }
}
