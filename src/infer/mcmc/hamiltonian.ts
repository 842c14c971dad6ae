import type { Potential } from "../potential.js";
import { DiagMetric } from "./diag-metric.js";
import type { Metric } from "./metric.js";
import type { PhasePoint } from "./phase-point.js";

/**
 * H(q, p) = −log p(q) + ½ pᵀ M⁻¹ p, and the leapfrog integrator on it (Stan's `expl_leapfrog` on a
 * Euclidean Hamiltonian). Works in place on `PhasePoint`s: no allocation per step.
 */
export class Hamiltonian {
  /** The metric M (its inverse is what adaptation sets). */
  metric: Metric;
  private readonly v: Float64Array;

  /** H for `potential` under `metric`. */
  constructor(readonly potential: Potential, metric: Metric) {
    this.metric = metric;
    this.v = new Float64Array(potential.dim);
  }

  /** Evaluates log p and its gradient at z.q into z. */
  evaluate(z: PhasePoint): void {
    z.lp = this.potential.logDensityAndGrad(z.q, z.grad);
  }

  /** H(z), with NaN read as +∞ (Stan: a NaN energy is a divergence, never a crash). */
  energy(z: PhasePoint): number {
    const h = -z.lp + this.metric.kinetic(z.p);
    return h === h ? h : Infinity;
  }

  /**
   * One leapfrog step of size `eps` (negative to go backward):
   * p ← p + ε/2 ∇log p(q); q ← q + ε M⁻¹p; p ← p + ε/2 ∇log p(q).
   */
  leapfrog(z: PhasePoint, eps: number): void {
    const n = this.potential.dim;
    const { q, p, grad } = z;
    const h = 0.5 * eps;
    for (let i = 0; i < n; i++) p[i] = p[i]! + h * grad[i]!;
    this.metric.velocity(p, this.v);
    for (let i = 0; i < n; i++) q[i] = q[i]! + eps * this.v[i]!;
    z.lp = this.potential.logDensityAndGrad(q, grad);
    for (let i = 0; i < n; i++) p[i] = p[i]! + h * grad[i]!;
  }

  /**
   * `leapfrog(z, eps)`, then p♯ = M⁻¹p at the new point into `pSharp`; returns H at the new point
   * (NaN read as +∞, as `energy`). The same arithmetic in the same order as `leapfrog`, `velocity` and
   * `energy` one after another (bit for bit), in two passes over the arrays for a diagonal metric.
   * NOTE: NUTS calls this once per leaf of its tree: the fused passes are most of the sampler's own cost.
   */
  step(z: PhasePoint, eps: number, pSharp: Float64Array): number {
    const m = this.metric;
    if (!(m instanceof DiagMetric)) {
      this.leapfrog(z, eps);
      m.velocity(z.p, pSharp);
      return this.energy(z);
    }
    const n = this.potential.dim;
    const { q, p, grad } = z;
    const inv = m.invDiag;
    const h = 0.5 * eps;
    for (let i = 0; i < n; i++) {
      const pi = p[i]! + h * grad[i]!;
      p[i] = pi;
      q[i] = q[i]! + eps * (inv[i]! * pi);
    }
    const lp = (z.lp = this.potential.logDensityAndGrad(q, grad));
    let s = 0;
    for (let i = 0; i < n; i++) {
      const pi = p[i]! + h * grad[i]!;
      p[i] = pi;
      pSharp[i] = inv[i]! * pi;
      s += pi * pi * inv[i]!;
    }
    const e = -lp + 0.5 * s;
    return e === e ? e : Infinity;
  }
}
