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
import type { Tensor } from "../tensor/tensor.js";
import { ShapeError } from "../core/errors.js";
import { showShape } from "../core/shape.js";

type Params = Iterable<Tensor> | Iterable<ParamGroupInput<SteepestDescentOptions>>;

/**
 * Muon (Keller Jordan et al. 2024): orthogonalised momentum for weight matrices. Keller Jordan's
 * defaults: lr 0.02, momentum 0.95 with Nesterov, five Newton–Schulz steps with (3.4445, −4.7750,
 * 2.0315), scale max(1, √(fanOut/fanIn)) for PyTorch-layout [out, in] weights, weight decay 0.
 * Matrices only (convolution filters are read as [out, rest]); give vectors to another optimizer.
 */
export class Muon extends SteepestDescent {
  constructor(params: Params, options: MuonOptions = {}) {
    super(params, muonSteepestOptions(options, "Muon"));
  }

  protected override checkParam(p: Tensor, where: string, arg: string): void {
    if (p.ndim < 2)
      throw new ShapeError(`${where}: ${arg} must be a matrix (Muon handles matrices only), got shape ${showShape(p.shape)}; optimise vectors with another optimizer (e.g. AdamW)`);
  }
}

/** signSGD (Bernstein et al. 2018): w ← w − lr·sign(g) (default lr 1e-3). */
export class SignSGD extends SteepestDescent {
  constructor(params: Params, options: SignOptions = {}) {
    super(params, signSteepestOptions(options, 0, "SignSGD"));
  }
}

/** Signum: sign of the EMA momentum (default momentum 0.9, lr 1e-3). */
export class Signum extends SteepestDescent {
  constructor(params: Params, options: SignOptions = {}) {
    super(params, signSteepestOptions(options, 0.9, "Signum"));
  }
}
