import { checkInteger } from "../../core/validate.js";
import type { Tensor } from "../../tensor/tensor.js";
import { flatten } from "../../ops/shape-ops.js";
import { Module } from "../module.js";

/**
 * Merges axes `startAxis..endAxis` into one; by default everything but the batch axis.
 *
 * @example
 * new Flatten().forward(zeros([8, 1, 28, 28])).shape; // [8, 784]
 */
export class Flatten extends Module {
  constructor(
    readonly startAxis = 1,
    readonly endAxis = -1,
  ) {
    super();
    checkInteger(startAxis, "Flatten", "startAxis");
    checkInteger(endAxis, "Flatten", "endAxis");
  }

  forward(x: Tensor): Tensor {
    return flatten(x, this.startAxis, this.endAxis);
  }

  override extraRepr(): string {
    return `startAxis=${this.startAxis}, endAxis=${this.endAxis}`;
  }
}
