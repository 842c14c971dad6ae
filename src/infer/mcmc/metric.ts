import type { ChainRng } from "./chain-rng.js";

/**
 * The Euclidean metric of HMC: momenta p ∼ N(0, M), kinetic energy T(p) = ½ pᵀ M⁻¹ p and the
 * velocity p♯ = M⁻¹ p (Stan's `dtau_dp`). Adaptation estimates M⁻¹ (the inverse metric) as the
 * posterior (co)variance of q.
 */
export interface Metric {
  /** "diag" or "dense". */
  readonly kind: "diag" | "dense";
  /** The dimension. */
  readonly dim: number;
  /** T(p) = ½ pᵀ M⁻¹ p. */
  kinetic(p: Float64Array): number;
  /** Writes p♯ = M⁻¹ p into `out`. */
  velocity(p: Float64Array, out: Float64Array): void;
  /** Writes a momentum p ∼ N(0, M) into `out`. */
  sampleMomentum(rng: ChainRng, out: Float64Array): void;
  /** The inverse metric: the diagonal (length dim) or the row-major matrix (dim × dim). */
  inverse(): Float64Array;
}
