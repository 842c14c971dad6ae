import { sgd, type SGDOptions } from "./functional/optimizers.js";
import type { GradientTransformation } from "./functional/transform.js";
import { Optimizer, type ParamsInput } from "./optimizer.js";

/**
 * Stochastic gradient descent with PyTorch's semantics and defaults (lr 1e-3, momentum 0, dampening
 * 0, no Nesterov, L2 weight decay 0): g ← g + λw; b ← μb + (1−dampening)g (b = g at the first step);
 * g ← g + μb (Nesterov) or b; w ← w − lr·g. It is unnormalized steepest descent under ℓ2.
 */
export class SGD extends Optimizer<SGDOptions> {
  constructor(params: ParamsInput<SGDOptions>, options: SGDOptions = {}) {
    super(params, options);
  }

  protected transform(o: SGDOptions): GradientTransformation<unknown> {
    return sgd(o);
  }
}
