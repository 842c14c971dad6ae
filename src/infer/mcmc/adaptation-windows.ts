/**
 * Stan's windowed adaptation schedule (`windowed_adaptation.hpp`): a fast initial buffer (75
 * iterations), slow windows for the metric that double from 25, and a fast terminal buffer (50).
 * Call `step()` once per warm-up iteration after the transition; it says whether that iteration's
 * draw goes into the metric estimate and whether a window just ended.
 *
 * NOTE: as in Stan, fewer than 20 warm-up iterations adapt no metric, and when 75 + 25 + 50 exceeds
 * the warm-up the buffers become 15% / 75% / 10% of it; when the window after next would overrun the
 * terminal buffer the current window is stretched to reach it.
 */
export class AdaptationWindows {
  private readonly initBuffer: number;
  private readonly termBuffer: number;
  private windowSize: number;
  private nextWindow: number;
  private counter = 0;
  /** False when the warm-up is too short to adapt a metric (fewer than 20 iterations). */
  readonly adaptsMetric: boolean;

  /** The schedule for `numWarmup` iterations with Stan's buffers (75, 25, 50). */
  constructor(readonly numWarmup: number, initBuffer = 75, termBuffer = 50, baseWindow = 25) {
    this.adaptsMetric = numWarmup >= 20;
    if (this.adaptsMetric && initBuffer + baseWindow + termBuffer > numWarmup) {
      initBuffer = Math.trunc(0.15 * numWarmup);
      termBuffer = Math.trunc(0.1 * numWarmup);
      baseWindow = numWarmup - (initBuffer + termBuffer);
    }
    this.initBuffer = initBuffer;
    this.termBuffer = termBuffer;
    this.windowSize = baseWindow;
    this.nextWindow = initBuffer + baseWindow - 1;
  }

  /** Whether the current iteration's draw belongs to a slow (metric) window. */
  inWindow(): boolean {
    const c = this.counter;
    return this.adaptsMetric && c >= this.initBuffer && c < this.numWarmup - this.termBuffer && c !== this.numWarmup;
  }

  /** Whether the current iteration ends a slow window. */
  endsWindow(): boolean {
    return this.adaptsMetric && this.counter === this.nextWindow && this.counter !== this.numWarmup;
  }

  /** Moves to the next iteration; when the current one ended a window, schedules the next window first. */
  advance(): void {
    if (this.endsWindow()) this.computeNextWindow();
    this.counter++;
  }

  /** Stan's `compute_next_window`. */
  private computeNextWindow(): void {
    const last = this.numWarmup - this.termBuffer - 1;
    if (this.nextWindow === last) return;
    this.windowSize *= 2;
    this.nextWindow = this.counter + this.windowSize;
    if (this.nextWindow !== last && this.nextWindow + 2 * this.windowSize >= this.numWarmup - this.termBuffer) this.nextWindow = last;
  }
}
