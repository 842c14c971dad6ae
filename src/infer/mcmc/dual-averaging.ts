/**
 * Nesterov dual averaging of log ε toward a target acceptance statistic (Stan's
 * `stepsize_adaptation`, Hoffman & Gelman 2014 §3.2), with Stan's defaults γ = 0.05, t₀ = 10, κ = 0.75.
 */
export class DualAveraging {
  /** The centre the iterates shrink toward, log(10 ε₀). */
  mu = Math.log(10);
  private counter = 0;
  private sBar = 0;
  private xBar = 0;

  /** Dual averaging toward acceptance `delta` (Stan's `adapt_delta`, 0.8 by default). */
  constructor(readonly delta = 0.8, readonly gamma = 0.05, readonly t0 = 10, readonly kappa = 0.75) {}

  /** Forgets the iterates (Stan's `restart`, after every metric update). */
  restart(): void {
    this.counter = 0;
    this.sBar = 0;
    this.xBar = 0;
  }

  /**
   * One update from an iteration's accept statistic; returns the next ε:
   * s̄ ← (1 − η) s̄ + η (δ − a), η = 1/(t + t₀); x = μ − s̄ √t / γ; x̄ ← (1 − t^−κ) x̄ + t^−κ x.
   */
  learn(acceptStat: number): number {
    this.counter++;
    const a = acceptStat > 1 ? 1 : acceptStat;
    const eta = 1 / (this.counter + this.t0);
    this.sBar = (1 - eta) * this.sBar + eta * (this.delta - a);
    const x = this.mu - (this.sBar * Math.sqrt(this.counter)) / this.gamma;
    const w = Math.pow(this.counter, -this.kappa);
    this.xBar = (1 - w) * this.xBar + w * x;
    return Math.exp(x);
  }

  /** The final step size, exp(x̄) (Stan's `complete_adaptation`). */
  final(): number {
    return Math.exp(this.xBar);
  }
}
