import type { ChainRng } from "../mcmc/chain-rng.js";
import type { Potential } from "../potential.js";

/** The two Gaussian families of ADVI: a diagonal covariance or a full (Cholesky) one. */
export type AdviFamily = "meanField" | "fullRank";

/**
 * A Gaussian over the unconstrained space as ADVI parameterises it (Stan's `normal_meanfield` and
 * `normal_fullrank`), all parameters in one flat array so Stan's element-wise step applies to it:
 * mean-field is [μ (d), ω (d)] with σ = exp(ω); full-rank is [μ (d), L (d × d, row-major, lower
 * triangle used)] with covariance L Lᵀ.
 */
export class GaussianApproximation {
  /** The unconstrained dimension d. */
  readonly dim: number;
  /** μ followed by ω (mean-field) or L (full-rank). */
  readonly params: Float64Array;

  /** The family at μ = `mean` and unit scale (ω = 0, or L = I), Stan's initial approximation. */
  constructor(readonly family: AdviFamily, mean: Float64Array) {
    const d = mean.length;
    this.dim = d;
    this.params = new Float64Array(family === "meanField" ? 2 * d : d + d * d);
    this.params.set(mean);
    if (family === "fullRank") for (let i = 0; i < d; i++) this.params[d + i * d + i] = 1;
  }

  /** μ (a view). */
  get mean(): Float64Array {
    return this.params.subarray(0, this.dim);
  }

  /** ζ = μ + σ ⊙ η (mean-field) or μ + L η (full-rank), written into `zeta`. */
  transform(eta: Float64Array, zeta: Float64Array): void {
    const d = this.dim;
    const p = this.params;
    if (this.family === "meanField") {
      for (let i = 0; i < d; i++) zeta[i] = p[i]! + Math.exp(p[d + i]!) * eta[i]!;
      return;
    }
    for (let i = 0; i < d; i++) {
      let s = p[i]!;
      const row = d + i * d;
      for (let j = 0; j <= i; j++) s += p[row + j]! * eta[j]!;
      zeta[i] = s;
    }
  }

  /** The entropy: ½ d (1 + log 2π) + Σ ω_i (mean-field) or + Σ log |L_ii| (full-rank). */
  entropy(): number {
    const d = this.dim;
    let s = 0.5 * d * (1 + Math.log(2 * Math.PI));
    for (let i = 0; i < d; i++) s += this.family === "meanField" ? this.params[d + i]! : Math.log(Math.abs(this.params[d + i * d + i]!));
    return s;
  }

  /** The marginal standard deviations: σ (mean-field) or √diag(L Lᵀ) (full-rank). */
  scale(): Float64Array {
    const d = this.dim;
    const out = new Float64Array(d);
    const cov = this.covariance();
    for (let i = 0; i < d; i++) out[i] = Math.sqrt(cov[i * d + i]!);
    return out;
  }

  /** The covariance (d × d, row-major): diag(σ²) or L Lᵀ. */
  covariance(): Float64Array {
    const d = this.dim;
    const p = this.params;
    const out = new Float64Array(d * d);
    if (this.family === "meanField") {
      for (let i = 0; i < d; i++) out[i * d + i] = Math.exp(2 * p[d + i]!);
      return out;
    }
    for (let i = 0; i < d; i++)
      for (let j = 0; j <= i; j++) {
        let s = 0;
        for (let k = 0; k <= j; k++) s += p[d + i * d + k]! * p[d + j * d + k]!;
        out[i * d + j] = s;
        out[j * d + i] = s;
      }
    return out;
  }

  /** The Cholesky factor L (d × d, row-major; diagonal σ for mean-field). */
  cholesky(): Float64Array {
    const d = this.dim;
    if (this.family === "fullRank") return this.params.slice(d);
    const out = new Float64Array(d * d);
    for (let i = 0; i < d; i++) out[i * d + i] = Math.exp(this.params[d + i]!);
    return out;
  }

  /** Fills `eta` with standard normals. */
  static drawStandard(rng: ChainRng, eta: Float64Array): void {
    for (let i = 0; i < eta.length; i++) eta[i] = rng.normal();
  }

  /**
   * The reparameterised ELBO gradient from `samples` draws (Stan's `calc_grad`), written into `out`
   * (same layout as params): ∇μ = mean ∇log p(ζ); mean-field ∇ω = mean(∇log p ⊙ η) ⊙ σ + 1; full-rank
   * ∇L_ij = mean(∇log p_i η_j) + δ_ij / L_ii (j ≤ i). Returns false when a gradient was not finite.
   * Math: ∂/∂ω_i E[log p(μ + e^ω ⊙ η)] = E[∂_i log p · η_i] e^{ω_i}; ∂H/∂ω_i = 1, ∂H/∂L_ii = 1/L_ii.
   */
  elboGradient(potential: Potential, samples: number, rng: ChainRng, out: Float64Array): boolean {
    const d = this.dim;
    const eta = new Float64Array(d);
    const zeta = new Float64Array(d);
    const g = new Float64Array(d);
    out.fill(0);
    for (let s = 0; s < samples; s++) {
      GaussianApproximation.drawStandard(rng, eta);
      this.transform(eta, zeta);
      potential.logDensityAndGrad(zeta, g);
      for (let i = 0; i < d; i++) {
        const gi = g[i]!;
        if (!Number.isFinite(gi)) return false;
        out[i]! += gi;
        if (this.family === "meanField") out[d + i]! += gi * eta[i]!;
        else for (let j = 0; j <= i; j++) out[d + i * d + j]! += gi * eta[j]!;
      }
    }
    for (let k = 0; k < out.length; k++) out[k]! /= samples;
    if (this.family === "meanField") for (let i = 0; i < d; i++) out[d + i] = out[d + i]! * Math.exp(this.params[d + i]!) + 1;
    else for (let i = 0; i < d; i++) out[d + i * d + i]! += 1 / this.params[d + i * d + i]!;
    return true;
  }

  /**
   * The ELBO from `samples` draws (Stan's `calc_ELBO`): mean log p(ζ) + entropy, where a draw whose
   * log p is not finite is dropped (counted as 0, as Stan does); NaN when every draw is dropped.
   */
  elbo(potential: Potential, samples: number, rng: ChainRng): number {
    const d = this.dim;
    const eta = new Float64Array(d);
    const zeta = new Float64Array(d);
    const g = new Float64Array(d);
    let sum = 0;
    let dropped = 0;
    for (let s = 0; s < samples; s++) {
      GaussianApproximation.drawStandard(rng, eta);
      this.transform(eta, zeta);
      const lp = potential.logDensityAndGrad(zeta, g);
      if (Number.isFinite(lp)) sum += lp;
      else dropped++;
    }
    if (dropped === samples) return NaN;
    return sum / samples + this.entropy();
  }
}
