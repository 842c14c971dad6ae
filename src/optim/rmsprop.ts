import { rmsprop, type RMSpropOptions } from "./functional/optimizers.js";
import type { GradientTransformation } from "./functional/transform.js";
import { Optimizer, type ParamsInput } from "./optimizer.js";

/** RMSprop with PyTorch's semantics and defaults (lr 1e-2, alpha 0.99, eps 1e-8, centered false, momentum 0). */
export class RMSprop extends Optimizer<RMSpropOptions> {
  constructor(params: ParamsInput<RMSpropOptions>, options: RMSpropOptions = {}) {
    super(params, options);
  }

  protected transform(o: RMSpropOptions): GradientTransformation<unknown> {
    return rmsprop(o);
  }
}
