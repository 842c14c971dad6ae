import { gammaincc } from "../../backend/cpu/incomplete-gamma.js";
import { rankCounts } from "../diagnostics/sbc-histogram.js";

/** Pearson's χ² test that ranks in 0..L are uniform, on `bins` equal bins (bins divides L + 1). */
export interface UniformityTest {
  /** The χ² statistic Σ_b (count_b − N/bins)² / (N/bins). */
  readonly chi2: number;
  /** Degrees of freedom, bins − 1. */
  readonly df: number;
  /** P(χ²_df ≥ chi2): small values reject uniform ranks (a miscalibrated sampler or model). */
  readonly pValue: number;
  /** How many ranks fall in each bin. */
  readonly counts: readonly number[];
}

/** Pearson's χ² goodness-of-fit test of uniform ranks (integers in 0..L) over `bins` bins dividing L + 1. */
export function uniformityTest(ranks: ArrayLike<number>, L: number, bins: number): UniformityTest {
  const counts = rankCounts(Array.from(ranks), L, bins);
  const expected = ranks.length / bins;
  let chi2 = 0;
  for (const c of counts) chi2 += (c - expected) ** 2 / expected;
  const df = bins - 1;
  // P(χ²_k ≥ x) = Q(k/2, x/2), the regularised upper incomplete gamma function.
  const pValue = df === 0 ? 1 : gammaincc(df / 2, chi2 / 2);
  return { chi2, df, pValue, counts };
}
