import { argumentError, checkFiniteNumber, checkInteger, checkOptions } from "../../core/validate.js";
import type { Tensor } from "../../tensor/tensor.js";
import { elu, gelu, leakyRelu, relu, sigmoid, silu, softplus, type GeluOptions } from "../../ops/activations.js";
import { tanh } from "../../ops/elementwise.js";
import { logSoftmax, softmax } from "../../ops/softmax.js";
import { Module } from "../module.js";

/** max(x, 0). NOTE: relu′(0) = 0. @example new ReLU().forward(tensor([-1, 2])) // [0, 2] */
export class ReLU extends Module {
  forward(x: Tensor): Tensor {
    return relu(x);
  }
}

/** x for x ≥ 0, negativeSlope·x below (default slope 0.01). */
export class LeakyReLU extends Module {
  constructor(readonly negativeSlope = 0.01) {
    super();
    checkFiniteNumber(negativeSlope, "LeakyReLU", "negativeSlope");
  }

  forward(x: Tensor): Tensor {
    return leakyRelu(x, this.negativeSlope);
  }

  override extraRepr(): string {
    return `negativeSlope=${this.negativeSlope}`;
  }
}

/** x for x > 0, α(eˣ − 1) below (default α = 1). */
export class ELU extends Module {
  constructor(readonly alpha = 1) {
    super();
    checkFiniteNumber(alpha, "ELU", "alpha");
  }

  forward(x: Tensor): Tensor {
    return elu(x, this.alpha);
  }

  override extraRepr(): string {
    return `alpha=${this.alpha}`;
  }
}

/** tanh x. */
export class Tanh extends Module {
  forward(x: Tensor): Tensor {
    return tanh(x);
  }
}

/** 1 / (1 + e⁻ˣ), stable for any x. */
export class Sigmoid extends Module {
  forward(x: Tensor): Tensor {
    return sigmoid(x);
  }
}

/** x·Φ(x); `{ approximate: "tanh" }` for the tanh form. */
export class GELU extends Module {
  constructor(readonly options: GeluOptions = {}) {
    super();
    const approximate = checkOptions<GeluOptions>(options, "GELU").approximate;
    if (approximate !== undefined && approximate !== "none" && approximate !== "tanh")
      throw argumentError("GELU", "options.approximate", '"none" or "tanh"', approximate);
  }

  forward(x: Tensor): Tensor {
    return gelu(x, this.options);
  }

  override extraRepr(): string {
    return this.options.approximate === "tanh" ? `approximate="tanh"` : "";
  }
}

/** x·σ(x) (swish). */
export class SiLU extends Module {
  forward(x: Tensor): Tensor {
    return silu(x);
  }
}

/** log(1 + eˣ), stable for any x. */
export class Softplus extends Module {
  forward(x: Tensor): Tensor {
    return softplus(x);
  }
}

/** Softmax along `axis` (default −1, the class axis). */
export class Softmax extends Module {
  constructor(readonly axis = -1) {
    super();
    checkInteger(axis, "Softmax", "axis");
  }

  forward(x: Tensor): Tensor {
    return softmax(x, this.axis);
  }

  override extraRepr(): string {
    return `axis=${this.axis}`;
  }
}

/** log softmax along `axis` (default −1), stable for any input. */
export class LogSoftmax extends Module {
  constructor(readonly axis = -1) {
    super();
    checkInteger(axis, "LogSoftmax", "axis");
  }

  forward(x: Tensor): Tensor {
    return logSoftmax(x, this.axis);
  }

  override extraRepr(): string {
    return `axis=${this.axis}`;
  }
}

/** Returns its input (a placeholder layer). */
export class Identity extends Module {
  forward(x: Tensor): Tensor {
    return x;
  }
}
