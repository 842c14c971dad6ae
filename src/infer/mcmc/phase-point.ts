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

  /**
   * Copies `other` into this point (no allocation).
   * NOTE: one indexed loop rather than three `TypedArray.set` calls: for the few dozen elements of a
   * sampler's point the loop is inlined, the builtin call is not (NUTS copies points at every step).
   */
  copyFrom(other: PhasePoint): void {
    const q = this.q, p = this.p, g = this.grad, oq = other.q, op = other.p, og = other.grad;
    for (let i = 0; i < q.length; i++) {
      q[i] = oq[i]!;
      p[i] = op[i]!;
      g[i] = og[i]!;
    }
    this.lp = other.lp;
  }
}
