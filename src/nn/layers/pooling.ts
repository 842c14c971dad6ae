import type { Tensor } from "../../tensor/tensor.js";
import type { Pair } from "../functional/conv2d.js";
import { avgPool2d, maxPool2d, type AvgPool2dOptions, type MaxPool2dOptions } from "../functional/pooling.js";
import { toPair } from "../functional/conv2d.js";
import { checkOptions } from "../../core/validate.js";
import { Module } from "../module.js";

/**
 * Max pooling over `kernelSize` windows of [N, C, H, W] inputs (stride defaults to the kernel size).
 * NOTE: tied maxima share the gradient evenly.
 *
 * @example
 * new MaxPool2d(2).forward(zeros([8, 16, 28, 28])).shape; // [8, 16, 14, 14]
 */
export class MaxPool2d extends Module {
  constructor(
    readonly kernelSize: Pair,
    readonly options: MaxPool2dOptions = {},
  ) {
    super();
    toPair(kernelSize, "kernelSize", "MaxPool2d");
    checkOptions<MaxPool2dOptions>(options, "MaxPool2d");
  }

  forward(x: Tensor): Tensor {
    return maxPool2d(x, this.kernelSize, this.options);
  }

  override extraRepr(): string {
    return `kernelSize=${JSON.stringify(this.kernelSize)}${Object.keys(this.options).length > 0 ? `, ${JSON.stringify(this.options)}` : ""}`;
  }
}

/**
 * Average pooling over `kernelSize` windows of [N, C, H, W] inputs.
 *
 * @example
 * new AvgPool2d(2).forward(zeros([8, 16, 28, 28])).shape; // [8, 16, 14, 14]
 */
export class AvgPool2d extends Module {
  constructor(
    readonly kernelSize: Pair,
    readonly options: AvgPool2dOptions = {},
  ) {
    super();
    toPair(kernelSize, "kernelSize", "AvgPool2d");
    checkOptions<AvgPool2dOptions>(options, "AvgPool2d");
  }

  forward(x: Tensor): Tensor {
    return avgPool2d(x, this.kernelSize, this.options);
  }

  override extraRepr(): string {
    return `kernelSize=${JSON.stringify(this.kernelSize)}${Object.keys(this.options).length > 0 ? `, ${JSON.stringify(this.options)}` : ""}`;
  }
}
