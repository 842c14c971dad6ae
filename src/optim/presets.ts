import { checkIterable } from "../core/validate.js";
/**
 * Named presets of `SteepestDescent`: not separate algorithms, just a norm and momentum settings.
 *
 * | preset    | norm                                           | momentum              |
 * | --------- | ---------------------------------------------- | --------------------- |
 * | `Muon`    | per matrix: max(1, √(fanOut/fanIn))·spectral, Newton–Schulz (Muon's coefficients) | 0.95, Nesterov, EMA |
 * | `SignSGD` | ℓ∞ (dualize = sign)                            | none                  |
 * | `Signum`  | ℓ∞                                             | 0.9, EMA              |
 */
import { muonSteepestOptions, signSteepestOptions, type MuonOptions, type SignOptions } from "./functional/optimizers.js";
import type { ParamGroupInput } from "./optimizer.js";
import { SteepestDescent } from "./steepest-descent.js";
import type { SteepestDescentOptions } from "./functional/optimizers.js";
import { Tensor } from "../tensor/tensor.js";

type Params = Iterable<Tensor> | Iterable<ParamGroupInput<SteepestDescentOptions>>;

/**
 * Muon (Keller Jordan et al. 2024): orthogonalised momentum for weight matrices. Keller Jordan's
 * defaults: lr 0.02, momentum 0.95 with Nesterov, five Newton–Schulz steps with (3.4445, −4.7750,
 * 2.0315), scale max(1, √(fanOut/fanIn)) for PyTorch-layout [out, in] weights, weight decay 0.
 * Matrices only (convolution filters are read as [out, rest]); give vectors to another optimizer.
 */
export class Muon extends SteepestDescent {
  constructor(params: Params, options: MuonOptions = {}) {
    const list = [...checkIterable<Tensor | ParamGroupInput<SteepestDescentOptions>>(params, "Muon", "params", "an array of tensors or of parameter groups { params, ...options }")];
    for (const p of list.flatMap((x) => (x instanceof Tensor ? [x] : [...x.params])))
      if (p.ndim < 2) throw new RangeError(`Muon: handles matrices only, got a parameter of shape [${p.shape.join(", ")}]; optimise vectors with another optimizer (e.g. AdamW)`);
    super(list as Params, muonSteepestOptions(options));
  }
}

/** signSGD (Bernstein et al. 2018): w ← w − lr·sign(g) (default lr 1e-3). */
export class SignSGD extends SteepestDescent {
  constructor(params: Params, options: SignOptions = {}) {
    super(params, signSteepestOptions(options, 0));
  }
}

/** Signum: sign of the EMA momentum (default momentum 0.9, lr 1e-3). */
export class Signum extends SteepestDescent {
  constructor(params: Params, options: SignOptions = {}) {
    super(params, signSteepestOptions(options, 0.9));
  }
}
