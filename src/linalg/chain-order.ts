/**
 * The cheapest parenthesisation of a chain of matrices with dimensions p[0]×p[1], p[1]×p[2], …:
 * split[i][j] is where the product of matrices i..j splits (the classic O(k³) dynamic programme,
 * Cormen et al. §15.2; scalar multiplications p[i]·p[s+1]·p[j+1] per product).
 */
export function chainOrder(p: readonly number[]): number[][] {
  const k = p.length - 1;
  const cost = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const split = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let len = 1; len < k; len++)
    for (let i = 0; i + len < k; i++) {
      const j = i + len;
      cost[i]![j] = Infinity;
      for (let s = i; s < j; s++) {
        const c = cost[i]![s]! + cost[s + 1]![j]! + p[i]! * p[s + 1]! * p[j + 1]!;
        if (c < cost[i]![j]!) {
          cost[i]![j] = c;
          split[i]![j] = s;
        }
      }
    }
  return split;
}

/** The parenthesisation that `split` describes for matrices i..j, e.g. "((A0(A1A2))A3)" (for tests and messages). */
export function showChain(split: readonly (readonly number[])[], i: number, j: number): string {
  if (i === j) return `A${i}`;
  const s = split[i]![j]!;
  return `(${showChain(split, i, s)}${showChain(split, s + 1, j)})`;
}
