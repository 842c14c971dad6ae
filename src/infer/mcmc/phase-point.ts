/** A point of phase space: position q, momentum p, ∇ log p(q) and log p(q) (Stan's `ps_point`). */
export class PhasePoint {
  /** The position (unconstrained parameters). */
  readonly q: Float64Array;
  /** The momentum. */
  readonly p: Float64Array;
  /** ∇ log p(q). */
  readonly grad: Float64Array;
  /** log p(q) (−∞ outside the support; may be NaN). */
  lp = NaN;

  /** A zero point of `dim` dimensions. */
  constructor(dim: number) {
    this.q = new Float64Array(dim);
    this.p = new Float64Array(dim);
    this.grad = new Float64Array(dim);
  }

  /** Copies `other` into this point (no allocation). */
  copyFrom(other: PhasePoint): void {
    this.q.set(other.q);
    this.p.set(other.p);
    this.grad.set(other.grad);
    this.lp = other.lp;
  }
}
