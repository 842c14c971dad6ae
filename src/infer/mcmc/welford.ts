/**
 * Running (co)variance of the draws in a metric window (Welford), and Stan's regularisation of the
 * estimate: (n/(n+5))·Σ + 1e-3·(5/(n+5))·I (`var_adaptation`, `covar_adaptation`).
 */
export class WelfordEstimator {
  private n = 0;
  private readonly mean: Float64Array;
  private readonly m2: Float64Array;
  private readonly delta: Float64Array;

  /** An estimator of the variances (`dense` false) or the covariance matrix of `dim`-vectors. */
  constructor(readonly dim: number, readonly dense: boolean) {
    this.mean = new Float64Array(dim);
    this.m2 = new Float64Array(dense ? dim * dim : dim);
    this.delta = new Float64Array(dim);
  }

  /** Forgets every draw. */
  restart(): void {
    this.n = 0;
    this.mean.fill(0);
    this.m2.fill(0);
  }

  /** Adds one draw. */
  add(q: Float64Array): void {
    const d = this.dim;
    this.n++;
    for (let i = 0; i < d; i++) {
      this.delta[i] = q[i]! - this.mean[i]!;
      this.mean[i] = this.mean[i]! + this.delta[i]! / this.n;
    }
    if (this.dense) {
      for (let i = 0; i < d; i++) {
        const ri = q[i]! - this.mean[i]!;
        for (let j = 0; j < d; j++) this.m2[i * d + j] = this.m2[i * d + j]! + ri * this.delta[j]!;
      }
    } else {
      for (let i = 0; i < d; i++) this.m2[i] = this.m2[i]! + this.delta[i]! * (q[i]! - this.mean[i]!);
    }
  }

  /**
   * The regularised estimate: (n/(n+5))·S + 1e-3·(5/(n+5)) on the diagonal, S the sample
   * (co)variance m2/(n − 1) (n ≥ 2); diagonal-only or row-major dim × dim.
   */
  regularized(): Float64Array {
    const n = this.n;
    const d = this.dim;
    const out = new Float64Array(this.m2.length);
    const w = n / (n + 5);
    const shrink = 1e-3 * (5 / (n + 5));
    for (let k = 0; k < out.length; k++) out[k] = (w * this.m2[k]!) / (n - 1);
    if (this.dense) for (let i = 0; i < d; i++) out[i * d + i] = out[i * d + i]! + shrink;
    else for (let i = 0; i < d; i++) out[i] = out[i]! + shrink;
    return out;
  }
}
