import { normalQuantile } from "../../random/special.js";
import { pool } from "./chains.js";
import { quantile } from "./quantile.js";

/**
 * Rank normalisation (Vehtari et al. 2021, eq. 14): pool all draws, give each its average rank r
 * among the S draws (ties share the mean of their ranks) and map it to Φ⁻¹((r − 3/8)/(S + 1/4)).
 * Returns chains of the same shape.
 * NOTE: the Blom offset c = 3/8 in (r − c)/(S − 2c + 1), as posterior's `z_scale` and Stan's `rank_transform`.
 */
export function rankNormalize(chains: readonly Float64Array[]): Float64Array[] {
  const all = pool(chains);
  const ranks = averageRanks(all);
  const s = all.length;
  const out: Float64Array[] = [];
  let at = 0;
  for (const c of chains) {
    const z = new Float64Array(c.length);
    for (let i = 0; i < c.length; i++) z[i] = normalQuantile((ranks[at + i]! - 0.375) / (s + 0.25));
    at += c.length;
    out.push(z);
  }
  return out;
}

/** The 1-based ranks of `values`, ties given the average of the ranks they span (R's ties.method = "average"). */
export function averageRanks(values: Float64Array): Float64Array {
  const n = values.length;
  const sorted = values.slice().sort();
  const ranks = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    // Equal values occupy sorted positions lo..hi−1 (0-based): ranks lo+1..hi, whose mean is (lo + 1 + hi)/2.
    const v = values[i]!;
    const lo = lowerBound(sorted, v);
    let hi = lo + 1;
    if (hi < n && sorted[hi] === v) hi = upperBound(sorted, v, hi);
    ranks[i] = (lo + 1 + hi) / 2;
  }
  return ranks;
}

/** The first index of `sorted` whose value is ≥ v. */
function lowerBound(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first index from `from` of `sorted` whose value is > v. */
function upperBound(sorted: Float64Array, v: number, from: number): number {
  let lo = from;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Folded draws |x − median| (median of all draws pooled), whose R̂ detects differences in scale (the "tail" R̂). */
export function fold(chains: readonly Float64Array[]): Float64Array[] {
  const median = quantile(pool(chains), 0.5);
  return chains.map((c) => c.map((v) => Math.abs(v - median)));
}
