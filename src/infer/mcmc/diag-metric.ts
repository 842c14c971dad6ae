import type { ChainRng } from "./chain-rng.js";
import type { Metric } from "./metric.js";

/** A diagonal metric (Stan's `diag_e`): M⁻¹ = diag(invDiag). */
export class DiagMetric implements Metric {
  /** "diag". */
  readonly kind = "diag";
  /** The diagonal of M⁻¹ (the adapted variances). */
  readonly invDiag: Float64Array;
  private readonly invSqrt: Float64Array;

  /** The unit metric of `dim` dimensions, or the diagonal `invDiag` of M⁻¹. */
  constructor(readonly dim: number, invDiag?: Float64Array) {
    this.invDiag = invDiag ? Float64Array.from(invDiag) : new Float64Array(dim).fill(1);
    this.invSqrt = new Float64Array(dim);
    this.set(this.invDiag);
  }

  /** Replaces M⁻¹'s diagonal. */
  set(invDiag: Float64Array): void {
    for (let i = 0; i < this.dim; i++) {
      this.invDiag[i] = invDiag[i]!;
      this.invSqrt[i] = 1 / Math.sqrt(invDiag[i]!);
    }
  }

  /** T(p) = ½ Σ p_i² M⁻¹_ii. */
  kinetic(p: Float64Array): number {
    let s = 0;
    for (let i = 0; i < this.dim; i++) s += p[i]! * p[i]! * this.invDiag[i]!;
    return 0.5 * s;
  }

  /** p♯_i = M⁻¹_ii p_i. */
  velocity(p: Float64Array, out: Float64Array): void {
    for (let i = 0; i < this.dim; i++) out[i] = this.invDiag[i]! * p[i]!;
  }

  /** p_i = z_i / √M⁻¹_ii, as Stan's `diag_e_metric::sample_p`. */
  sampleMomentum(rng: ChainRng, out: Float64Array): void {
    for (let i = 0; i < this.dim; i++) out[i] = rng.normal() * this.invSqrt[i]!;
  }

  /** A copy of M⁻¹'s diagonal. */
  inverse(): Float64Array {
    return Float64Array.from(this.invDiag);
  }
}
