/**
 * A log density over one flat unconstrained vector with its gradient: what the samplers
 * (`infer.nuts`, `infer.hmc`) and variational methods consume. `infer.logDensity(model)` builds one
 * from a model; any object with this shape works too (a hand-written target, a test density).
 *
 * @example
 * const stdNormal: Potential = { dim: 2, logDensityAndGrad: (q, g) => { g[0] = -q[0]!; g[1] = -q[1]!; return -0.5 * (q[0]! ** 2 + q[1]! ** 2); } };
 */
export interface Potential {
  /** The dimension of the unconstrained space. */
  readonly dim: number;
  /**
   * log p(q) up to an additive constant, writing ∇ log p(q) into `grad` (length `dim`). Returns
   * −∞ outside the support and may return NaN: samplers treat both as a divergence, never a crash.
   */
  logDensityAndGrad(q: Float64Array, grad: Float64Array): number;
}
