import { steepestDescentAs, type SteepestDescentOptions } from "./functional/optimizers.js";
import type { GradientTransformation } from "./functional/transform.js";
import { Optimizer, type ParamsInput } from "./optimizer.js";

/**
 * Steepest descent under any norm: one optimizer for gradient descent (`l2`, unnormalized), sign
 * descent (`linf`), Muon-style orthogonalised updates (`spectral`, `rmsToRms`), the modular norm, and
 * any `Norm` you write. Each step: momentum → dualize(u) (or sharp(u) when `normalized: false`) →
 * decoupled weight decay → w ← w − lr·(…).
 *
 * @example
 * const opt = new optim.SteepestDescent(model.parameters(), { norm: optim.norms.spectral(), lr: 0.02, momentum: 0.95, nesterov: true });
 * loss.backward(); opt.step(); opt.zeroGrad();
 */
export class SteepestDescent extends Optimizer<SteepestDescentOptions> {
  constructor(params: ParamsInput<SteepestDescentOptions>, options: SteepestDescentOptions) {
    super(params, options);
  }

  protected transform(o: SteepestDescentOptions): GradientTransformation<unknown> {
    return steepestDescentAs(o, this.optimizerName);
  }
}
