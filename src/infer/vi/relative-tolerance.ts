/**
 * Stan's ADVI convergence check (`advi::stochastic_gradient_ascent`): each ELBO evaluation pushes the
 * relative change |(previous − current) / current| into a circular buffer of size
 * max(0.1 · iterations / evalElbo, 2); converged when the buffer's mean or median is below the tolerance.
 */
export class RelativeTolerance {
  private readonly buffer: number[] = [];
  private readonly size: number;
  private next = 0;
  private previous = 0;

  /** The check for a run of `iterations` with an evaluation every `evalElbo`. */
  constructor(iterations: number, evalElbo: number, readonly tolerance: number) {
    this.size = Math.max(Math.floor((0.1 * iterations) / evalElbo), 2);
  }

  /**
   * Records an ELBO value; returns its relative change from the previous one.
   * NOTE: as Stan, the first change is measured from 0 (so it is 1) and the buffer's oldest entry is overwritten when full.
   */
  push(elbo: number): number {
    const delta = Math.abs((this.previous - elbo) / elbo);
    this.previous = elbo;
    if (this.buffer.length < this.size) this.buffer.push(delta);
    else this.buffer[this.next] = delta;
    this.next = (this.next + 1) % this.size;
    return delta;
  }

  /** The mean of the buffered relative changes. */
  mean(): number {
    return this.buffer.reduce((a, b) => a + b, 0) / this.buffer.length;
  }

  /** The median of the buffered relative changes (Stan's `circ_buff_median`: the upper middle element for an even count). */
  median(): number {
    const s = this.buffer.slice().sort((a, b) => a - b);
    return s[Math.floor(s.length / 2)]!;
  }

  /** "mean" or "median" when that statistic is below the tolerance (mean checked first), else null. */
  converged(): "mean" | "median" | null {
    if (this.buffer.length === 0) return null;
    if (this.mean() < this.tolerance) return "mean";
    if (this.median() < this.tolerance) return "median";
    return null;
  }
}
