import { sbcHistogram, type SbcHistogramOptions } from "../diagnostics/sbc-histogram.js";
import type { UniformityTest } from "./uniformity.js";

/** Options of `SbcResult.plot`: those of `infer.diagnostics.sbcHistogram` but the bins (the result's own). */
export type SbcPlotOptions = Omit<SbcHistogramOptions, "bins">;

/**
 * What `infer.sbc` returns: per scalar parameter ("mu", "theta[0]") the rank of each simulation's true
 * value among its L thinned posterior draws (an integer in 0..L), a χ² test of their uniformity, and
 * the rank histogram.
 */
export class SbcResult {
  /** The ranks per scalar parameter, one per simulation (integers in 0..L). */
  readonly ranks: Readonly<Record<string, Int32Array>>;
  /** The χ² uniformity test per scalar parameter. */
  readonly tests: Readonly<Record<string, UniformityTest>>;
  /** The number of simulations N. */
  readonly simulations: number;
  /** The number of posterior draws per simulation after thinning (ranks run over 0..L). */
  readonly L: number;
  /** The number of histogram and χ² bins (divides L + 1). */
  readonly bins: number;

  /** @internal Built by `infer.sbc`. */
  constructor(ranks: Record<string, Int32Array>, tests: Record<string, UniformityTest>, simulations: number, L: number, bins: number) {
    this.ranks = ranks;
    this.tests = tests;
    this.simulations = simulations;
    this.L = L;
    this.bins = bins;
  }

  /** The scalar parameters, in model order. */
  get names(): string[] {
    return Object.keys(this.ranks);
  }

  /** The smallest χ² p-value over the parameters (compare it with a level divided by their number, Bonferroni). */
  get minPValue(): number {
    return Math.min(...Object.values(this.tests).map((t) => t.pValue));
  }

  /** The rank histogram (one panel per scalar parameter) as SVG, by `infer.diagnostics.sbcHistogram`. */
  plot(opts?: SbcPlotOptions): Promise<string> {
    const ranks = Object.fromEntries(Object.entries(this.ranks).map(([k, v]) => [k, Array.from(v)]));
    return sbcHistogram(ranks, this.L, { ...opts, bins: this.bins });
  }

  /** A table: parameter, χ², degrees of freedom, p-value, and the bin counts. */
  toString(): string {
    const rows = Object.entries(this.tests).map(([name, t]) => [name, t.chi2.toFixed(2), String(t.df), t.pValue.toPrecision(3), t.counts.join(" ")]);
    const head = ["parameter", "chi2", "df", "p", `counts (${this.bins} bins of ranks 0..${this.L})`];
    const widths = head.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j]!.length)));
    const line = (r: string[]): string => r.map((c, j) => (j === 0 || j === r.length - 1 ? c.padEnd(widths[j]!) : c.padStart(widths[j]!))).join("  ").trimEnd();
    return [`SBC: ${this.simulations} simulations, L = ${this.L} draws each`, line(head), ...rows.map(line)].join("\n");
  }

  /** Plain data: the ranks (arrays), tests, N, L and bins. */
  toJSON(): { simulations: number; L: number; bins: number; ranks: Record<string, number[]>; tests: Record<string, UniformityTest> } {
    return {
      simulations: this.simulations,
      L: this.L,
      bins: this.bins,
      ranks: Object.fromEntries(Object.entries(this.ranks).map(([k, v]) => [k, Array.from(v)])),
      tests: { ...this.tests },
    };
  }
}
