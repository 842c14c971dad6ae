/** The largest edit distance a "did you mean" suggestion may have. */
export const MAX_SUGGESTION_DISTANCE = 2;

/**
 * The candidate closest to `name` by case-insensitive edit distance, if within
 * `MAX_SUGGESTION_DISTANCE`, for "did you mean" hints; null otherwise.
 * NOTE: the work is bounded by the candidates, not by `name`: a candidate whose length differs by
 * more than the distance allowed is skipped (that difference is a lower bound of the distance), so
 * a megabyte-long name costs one length comparison per candidate; the distance itself stops as
 * soon as a row of the table exceeds the best distance so far.
 *
 * @example
 * closestName("sine", ["sin", "cos"]); // "sin"
 */
export function closestName(name: string, candidates: Iterable<string>): string | null {
  let best: string | null = null;
  let bestD = MAX_SUGGESTION_DISTANCE + 1;
  let lower: string | null = null;
  for (const c of candidates) {
    if (Math.abs(c.length - name.length) >= bestD) continue;
    lower ??= name.toLowerCase();
    const d = boundedEditDistance(lower, c.toLowerCase(), bestD);
    if (d < bestD) [best, bestD] = [c, d];
  }
  return best;
}

/**
 * The Levenshtein distance of `a` and `b` when it is below `limit`, else `limit` (the rows of the
 * table are not computed past the first whose minimum reaches `limit`).
 *
 * @example
 * boundedEditDistance("kitten", "sitting", 10); // 3
 * boundedEditDistance("kitten", "sitting", 2); // 2
 */
export function boundedEditDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) >= limit) return limit;
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin >= limit) return limit;
    [prev, cur] = [cur, prev];
  }
  return Math.min(prev[b.length]!, limit);
}
