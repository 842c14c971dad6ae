/**
 * The p-quantile of sorted values by linear interpolation between order statistics: h = (S − 1)p,
 * x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋ + 1] − x[⌊h⌋]).
 * NOTE: Hyndman and Fan's type 7, the default of R's `quantile` (posterior, stansummary) and NumPy.
 */
export function sortedQuantile(sorted: ArrayLike<number>, p: number): number {
  const s = sorted.length;
  if (s === 0) return NaN;
  const h = (s - 1) * p;
  const lo = Math.floor(h);
  if (lo >= s - 1) return sorted[s - 1]!;
  const a = sorted[lo]!;
  return a + (h - lo) * (sorted[lo + 1]! - a);
}

/** The p-quantile (type 7, see `sortedQuantile`) of values in any order. */
export function quantile(values: ArrayLike<number>, p: number): number {
  return sortedQuantile(Float64Array.from(values).sort(), p);
}
