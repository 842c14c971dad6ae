import { checkInteger } from "../core/validate.js";
import { add, broadcastTo, diagonal, div, equal, lgamma, log, maximum, mul, slice, sqrt, square, sub, sum, tril, unsqueeze, where } from "../ops/index.js";
import { normal } from "../random/continuous.js";
import type { PRNGKey } from "../random/key.js";
import { split } from "../random/split.js";
import { eye, tensor } from "../tensor/creation.js";
import type { Tensor } from "../tensor/tensor.js";
import { Beta } from "./beta.js";
import { corrCholesky, positive, type Constraint } from "./constraints.js";
import { Distribution } from "./distribution.js";
import { floatParams, readValidateArgs, type DistributionOptions, type ParamLike } from "./params.js";

/**
 * The LKJ distribution over Cholesky factors L of d × d correlation matrices
 * (torch.distributions.LKJCholesky): p(LLᵀ) ∝ det(LLᵀ)^{η−1} with η = `concentration`, so with the
 * Jacobian of L ↦ LLᵀ the density of L is ∝ Πᵢ₌₂..d L_ii^{d − i + 2η − 2} (Lewandowski, Kurowicka &
 * Joe 2009). Sampled by the onion method (their §3.2, vectorised as torch does); not
 * reparameterisable. Event shape `[d, d]`, support `constraints.corrCholesky`.
 */
export class LKJCholesky extends Distribution {
  /** The matrix size d (≥ 2). */
  readonly dim: number;
  /** η (> 0): 1 is uniform over correlation matrices, larger concentrates near the identity. */
  readonly concentration: Tensor;

  /** LKJCholesky(dim, concentration = 1). @example new LKJCholesky(3, 2).sample() // a 3 × 3 lower Cholesky factor */
  constructor(dim: number, concentration: ParamLike = 1, options?: DistributionOptions) {
    const validate = readValidateArgs(options, "LKJCholesky");
    checkInteger(dim, "LKJCholesky", "dim", 2);
    const [c] = floatParams("LKJCholesky", ["concentration"], [concentration]);
    super(c!.shape, [dim, dim], validate);
    this.dim = dim;
    this.concentration = c!;
    this.checkParam("concentration", this.concentration, positive);
  }
  /** Lower Cholesky factors of correlation matrices (unit rows, positive diagonal). */
  get support(): Constraint {
    return corrCholesky;
  }
  protected get dtype(): "float32" | "float64" {
    return this.concentration.dtype as "float32" | "float64";
  }
  /**
   * The onion method: row i of L is √yᵢ·uᵢ off the diagonal and √(1 − yᵢ) on it, uᵢ uniform on the
   * sphere of dimension i − 1 and yᵢ ~ Beta(i/2, η + (d − 2)/2 − (i − 1)/2) for i ≥ 1 (row 0 is e₀),
   * all rows at once as torch vectorises it, for any η > 0.
   */
  protected override _sample(shape: number[], key: PRNGKey): Tensor {
    const [kb, ku] = split(key, 2);
    const d = this.dim;
    const dtype = this.dtype;
    // offset = [0, 0, 1, …, d − 2]; row k ≥ 1 draws y ~ Beta(k/2, η + (d − 2)/2 − (k − 1)/2), i.e.
    // Beta((offset + 1)/2, η + (d − 2)/2 − offset/2); row 0 has no off-diagonal entries.
    // NOTE: torch writes the first parameter as offset + ½, which is k/2 only for k = 1: its rows
    // k ≥ 2 are not LKJ (the KS tests of the marginals fail with it); NumPyro and the paper use k/2.
    const offset = tensor([0, ...Array.from({ length: d - 1 }, (_, i) => i)], { dtype });
    const marginal = add(this.concentration, 0.5 * (d - 2));
    const beta = new Beta(broadcastTo(mul(add(offset, 1), 0.5), [...this.batchShape, d]), sub(unsqueeze(marginal, -1), mul(offset, 0.5)), { validateArgs: false });
    const y = unsqueeze(beta.sample(shape, kb!), -1); // [..., d, 1]
    const u = tril(normal(ku!, this.extendedShape(shape), { dtype }), -1);
    const norm = sqrt(sum(square(u), -1, true));
    const sphere = div(u, where(equal(norm, 0), 1, norm)); // row 0 is all zeros
    const w = mul(sqrt(y), sphere);
    const tiny = dtype === "float64" ? 2.2250738585072014e-308 : 1.1754943508222875e-38;
    const diag = sqrt(maximum(sub(1, sum(square(w), -1)), tiny));
    return add(w, mul(unsqueeze(diag, -1), eye(d, { dtype })));
  }
  /**
   * Σᵢ₌₂..d (d − i + 2η − 2)·ln L_ii − ln c_d(η), with the normalising constant of torch (LKJ 2009,
   * p. 1999): ln c = ((d − 1)/2) ln π + ln Γ_{d−1}(η + (d − 1)/2 − ½) − (d − 1) ln Γ(η + (d − 1)/2),
   * Γ_p the multivariate gamma function.
   */
  protected _logProb(value: Tensor): Tensor {
    const d = this.dim;
    const diag = diagonal(value, 0, -2, -1); // [..., d]
    const tail = slice(diag, [...diag.shape.slice(0, -1).map(() => 0), 1]); // L_22 … L_dd
    const order = tensor(Array.from({ length: d - 1 }, (_, i) => d - (i + 2)), { dtype: this.dtype });
    const eta = unsqueeze(this.concentration, -1);
    const unnormalised = sum(mul(add(mul(sub(eta, 1), 2), order), log(tail)), -1);
    const dm1 = d - 1;
    const alpha = add(this.concentration, 0.5 * dm1);
    let mvlgamma = lgamma(sub(alpha, 0.5)); // Γ_p(a) = π^{p(p−1)/4} Πⱼ₌₁..p Γ(a + (1 − j)/2)
    for (let j = 2; j <= dm1; j++) mvlgamma = add(mvlgamma, lgamma(sub(alpha, 0.5 + (j - 1) / 2)));
    const lnC = add(add(mvlgamma, (dm1 * (dm1 - 1) / 4) * Math.log(Math.PI)), sub(0.5 * dm1 * Math.log(Math.PI), mul(lgamma(alpha), dm1)));
    return sub(unnormalised, lnC);
  }
  protected _expand(batchShape: number[]): LKJCholesky {
    return new LKJCholesky(this.dim, this.expandParam(this.concentration, batchShape), { validateArgs: false });
  }
}
