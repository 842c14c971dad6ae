import { adagrad, type AdagradOptions } from "./functional/optimizers.js";
import type { GradientTransformation } from "./functional/transform.js";
import { Optimizer, type ParamsInput } from "./optimizer.js";

/** Adagrad with PyTorch's semantics and defaults (lr 1e-2, lrDecay 0, eps 1e-10, initial accumulator 0). */
export class Adagrad extends Optimizer<AdagradOptions> {
  constructor(params: ParamsInput<AdagradOptions>, options: AdagradOptions = {}) {
    super(params, options);
  }

  protected transform(o: AdagradOptions): GradientTransformation<unknown> {
    return adagrad(o);
  }
}
