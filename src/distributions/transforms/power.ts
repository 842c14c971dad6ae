import { argumentError } from "../../core/validate.js";
import { abs, div, log, mul, pow, reciprocal, sign, type TensorLike } from "../../ops/index.js";
import { Tensor } from "../../tensor/tensor.js";
import { positive, type Constraint } from "../constraints.js";
import { Transform } from "./transform.js";

/** y = x^exponent: positive → positive (exponent ≠ 0); log|J| = ln|exponent·y/x|. */
export class PowerTransform extends Transform {
  /** `power(exponent)`. */
  readonly name: string;
  /** Elementwise. */
  readonly domainEventDim: number = 0;
  /** Elementwise. */
  readonly codomainEventDim: number = 0;
  /** The exponent (a tensor or a finite nonzero number). */
  readonly exponent: TensorLike;

  /** The map x ↦ x^exponent. */
  constructor(exponent: TensorLike) {
    super();
    if (!(exponent instanceof Tensor) && !(typeof exponent === "number" && Number.isFinite(exponent) && exponent !== 0))
      throw argumentError("transforms.power", "exponent", "a tensor or a finite nonzero number", exponent);
    this.exponent = exponent;
    this.name = typeof exponent === "number" ? `power(${exponent})` : `power(tensor[${exponent.shape.join(", ")}])`;
  }
  /** x > 0. */
  get domain(): Constraint {
    return positive;
  }
  /** x > 0. */
  get codomain(): Constraint {
    return positive;
  }
  /** The sign of the exponent. */
  override get sign(): number | Tensor {
    return typeof this.exponent === "number" ? Math.sign(this.exponent) : sign(this.exponent);
  }
  protected call(x: Tensor): Tensor {
    return pow(x, this.exponent);
  }
  protected invert(y: Tensor): Tensor {
    return pow(y, typeof this.exponent === "number" ? 1 / this.exponent : reciprocal(this.exponent));
  }
  protected ladj(x: Tensor, y: Tensor): Tensor {
    return log(abs(div(mul(this.exponent, y), x)));
  }
}
