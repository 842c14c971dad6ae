import type { ChainRng } from "./chain-rng.js";
import type { Metric } from "./metric.js";

/** A dense metric (Stan's `dense_e`): M⁻¹ a full covariance matrix, row-major. */
export class DenseMetric implements Metric {
  /** "dense". */
  readonly kind = "dense";
  /** M⁻¹, row-major dim × dim. */
  readonly inv: Float64Array;
  /** The lower Cholesky factor L of M⁻¹ = L Lᵀ, row-major. */
  private readonly chol: Float64Array;
  private readonly z: Float64Array;

  /** The unit metric of `dim` dimensions, or M⁻¹ = `inv` (symmetric positive definite). */
  constructor(readonly dim: number, inv?: Float64Array) {
    this.inv = new Float64Array(dim * dim);
    this.chol = new Float64Array(dim * dim);
    this.z = new Float64Array(dim);
    if (inv) this.set(inv);
    else for (let i = 0; i < dim; i++) this.inv[i * dim + i] = this.chol[i * dim + i] = 1;
  }

  /** Replaces M⁻¹ (and refactors it); returns false, keeping the old one, if it is not positive definite. */
  set(inv: Float64Array): boolean {
    const n = this.dim;
    const L = new Float64Array(n * n);
    for (let j = 0; j < n; j++) {
      let d = inv[j * n + j]!;
      for (let k = 0; k < j; k++) d -= L[j * n + k]! * L[j * n + k]!;
      if (!(d > 0)) return false;
      const ljj = Math.sqrt(d);
      L[j * n + j] = ljj;
      for (let i = j + 1; i < n; i++) {
        let s = inv[i * n + j]!;
        for (let k = 0; k < j; k++) s -= L[i * n + k]! * L[j * n + k]!;
        L[i * n + j] = s / ljj;
      }
    }
    this.inv.set(inv);
    this.chol.set(L);
    return true;
  }

  /** T(p) = ½ pᵀ M⁻¹ p. */
  kinetic(p: Float64Array): number {
    const n = this.dim;
    let s = 0;
    for (let i = 0; i < n; i++) {
      let r = 0;
      for (let j = 0; j < n; j++) r += this.inv[i * n + j]! * p[j]!;
      s += p[i]! * r;
    }
    return 0.5 * s;
  }

  /** p♯ = M⁻¹ p. */
  velocity(p: Float64Array, out: Float64Array): void {
    const n = this.dim;
    for (let i = 0; i < n; i++) {
      let r = 0;
      for (let j = 0; j < n; j++) r += this.inv[i * n + j]! * p[j]!;
      out[i] = r;
    }
  }

  /**
   * p = L⁻ᵀ z with z ∼ N(0, I), so Cov p = (L Lᵀ)⁻¹ = M (Stan's `dense_e_metric::sample_p`, which
   * solves with the upper factor of M⁻¹).
   */
  sampleMomentum(rng: ChainRng, out: Float64Array): void {
    const n = this.dim;
    for (let i = 0; i < n; i++) this.z[i] = rng.normal();
    for (let i = n - 1; i >= 0; i--) {
      let s = this.z[i]!;
      for (let k = i + 1; k < n; k++) s -= this.chol[k * n + i]! * out[k]!;
      out[i] = s / this.chol[i * n + i]!;
    }
  }

  /** A copy of M⁻¹ (row-major). */
  inverse(): Float64Array {
    return Float64Array.from(this.inv);
  }
}
