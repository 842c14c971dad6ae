/**
 * Index sets: sorted arrays of distinct non-negative integers, shared and never mutated.
 *
 * NOTE: sets are plain sorted `number[]` (not `Set`): the sets of sparse Jacobians are short (a
 * few entries per element), and a union of two or three short sorted arrays is cheaper than hashing.
 */
export type IndexSet = readonly number[];

/** The empty index set (shared). */
export const emptySet: IndexSet = Object.freeze([]) as IndexSet;

/** The union of index sets (returns one of the inputs when the others are empty or equal to it). */
export function unionSets(sets: readonly IndexSet[]): IndexSet {
  let only: IndexSet | null = null;
  let total = 0;
  let distinct = 0;
  for (const s of sets) {
    if (s.length === 0 || s === only) continue;
    if (only === null) only = s;
    distinct++;
    total += s.length;
  }
  if (only === null) return emptySet;
  if (distinct === 1) return only;
  const all = new Array<number>(total);
  let k = 0;
  const seen = new Set<IndexSet>();
  for (const s of sets) {
    if (s.length === 0 || seen.has(s)) continue;
    seen.add(s);
    for (const v of s) all[k++] = v;
  }
  all.length = k;
  all.sort((a, b) => a - b);
  let w = 0;
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[w - 1]) all[w++] = all[i]!;
  all.length = w;
  return all;
}

/**
 * The symmetric pairs {i, j} with i ∈ a and j ∈ b, each encoded once as min·n + max (n = the
 * number of inputs): the second-order interactions of a product of a function of `a` and one of `b`.
 */
export function crossPairs(a: IndexSet, b: IndexSet, n: number): IndexSet {
  if (a.length === 0 || b.length === 0) return emptySet;
  const out: number[] = [];
  for (const i of a) for (const j of b) out.push(i <= j ? i * n + j : j * n + i);
  return dedupe(out.sort((x, y) => x - y));
}

function dedupe(s: number[]): IndexSet {
  let w = 0;
  for (let i = 0; i < s.length; i++) if (i === 0 || s[i] !== s[w - 1]) s[w++] = s[i]!;
  s.length = w;
  return s;
}
