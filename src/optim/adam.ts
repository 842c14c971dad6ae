import { adam, adamw, type AdamOptions } from "./functional/optimizers.js";
import type { GradientTransformation } from "./functional/transform.js";
import { Optimizer, type ParamsInput } from "./optimizer.js";

/**
 * Adam with PyTorch's semantics and defaults (lr 1e-3, betas [0.9, 0.999], eps 1e-8, L2 weight decay
 * 0, amsgrad false), bias-corrected. With betas [0, 0] and eps 0 it is sign descent.
 */
export class Adam extends Optimizer<AdamOptions> {
  constructor(params: ParamsInput<AdamOptions>, options: AdamOptions = {}) {
    super(params, options);
  }

  protected transform(o: AdamOptions): GradientTransformation<unknown> {
    return adam(o);
  }
}

/** AdamW: Adam with decoupled weight decay (PyTorch's defaults: weight decay 1e-2). */
export class AdamW extends Optimizer<AdamOptions> {
  constructor(params: ParamsInput<AdamOptions>, options: AdamOptions = {}) {
    super(params, options);
  }

  protected transform(o: AdamOptions): GradientTransformation<unknown> {
    return adamw(o);
  }
}
