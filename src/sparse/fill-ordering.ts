import type { Graph } from "./conflict-graph.js";

/** The symmetric orderings a sparse Cholesky factorisation chooses from. */
export type FillOrdering = "natural" | "reverse-cuthill-mckee" | "minimum-degree";

const degree = (g: Graph, v: number): number => g.ptr[v + 1]! - g.ptr[v]!;

/** Breadth-first levels from `root` inside its component (`mark` stamps visited vertices with `stamp`). */
function levels(g: Graph, root: number, mark: Int32Array, stamp: number): number[][] {
  const out: number[][] = [[root]];
  mark[root] = stamp;
  for (;;) {
    const next: number[] = [];
    for (const v of out[out.length - 1]!)
      for (let a = g.ptr[v]!; a < g.ptr[v + 1]!; a++) {
        const w = g.adj[a]!;
        if (mark[w] !== stamp) {
          mark[w] = stamp;
          next.push(w);
        }
      }
    if (next.length === 0) return out;
    out.push(next);
  }
}

/**
 * Reverse Cuthill–McKee (George & Liu 1981, §4.3): breadth-first from a pseudo-peripheral vertex of
 * each component, neighbours in increasing degree, then reversed. Keeps the nonzeros in a narrow
 * band, so the factor's fill stays inside the envelope. Returns new → old.
 */
export function reverseCuthillMcKee(g: Graph): Int32Array {
  const n = g.size;
  const placed = new Uint8Array(n);
  const mark = new Int32Array(n).fill(-1);
  const order: number[] = [];
  let stamp = 0;
  const byDegree = Int32Array.from({ length: n }, (_, v) => v).sort((a, b) => degree(g, a) - degree(g, b) || a - b);
  for (const start of byDegree) {
    if (placed[start]) continue;
    // George–Liu: move to a vertex of least degree in the last level while the eccentricity grows.
    let root = start;
    let depth = levels(g, root, mark, ++stamp).length;
    for (;;) {
      const last = levels(g, root, mark, ++stamp).pop()!;
      const cand = last.reduce((b, v) => (degree(g, v) < degree(g, b) ? v : b), last[0]!);
      const d = levels(g, cand, mark, ++stamp).length;
      if (d <= depth) break;
      [root, depth] = [cand, d];
    }
    const first = order.length;
    order.push(root);
    placed[root] = 1;
    for (let q = first; q < order.length; q++) {
      const v = order[q]!;
      const nb: number[] = [];
      for (let a = g.ptr[v]!; a < g.ptr[v + 1]!; a++) if (!placed[g.adj[a]!]) nb.push(g.adj[a]!);
      nb.sort((a, b) => degree(g, a) - degree(g, b) || a - b);
      for (const w of nb) {
        placed[w] = 1;
        order.push(w);
      }
    }
  }
  return Int32Array.from(order.reverse());
}

/**
 * Minimum degree on the explicit elimination graph (Tinney & Walker's scheme 2; the ordering AMD
 * approximates): eliminate a vertex of least current degree, join its neighbours into a clique.
 * Gives far less fill than a band ordering on 2-D and 3-D meshes. Returns new → old, or null when
 * the clique updates would exceed `budget` set operations (dense problems: every order fills them).
 */
export function minimumDegree(g: Graph, budget: number): Int32Array | null {
  const n = g.size;
  const adj = Array.from({ length: n }, (_, v) => new Set(g.adj.subarray(g.ptr[v]!, g.ptr[v + 1]!)));
  const buckets: number[][] = [];
  for (let v = n - 1; v >= 0; v--) (buckets[adj[v]!.size] ??= []).push(v);
  const done = new Uint8Array(n);
  const out = new Int32Array(n);
  let min = 0;
  let work = 0;
  for (let k = 0; k < n; k++) {
    let v = -1;
    while (v < 0) {
      const b = buckets[min];
      if (b === undefined || b.length === 0) {
        min++;
        continue;
      }
      const w = b.pop()!;
      if (!done[w] && adj[w]!.size === min) v = w; // stale entries are skipped
    }
    done[v] = 1;
    out[k] = v;
    const nb = [...adj[v]!];
    work += nb.length * nb.length;
    if (work > budget) return null;
    for (const a of nb) adj[a]!.delete(v);
    for (let i = 0; i < nb.length; i++)
      for (let j = i + 1; j < nb.length; j++) {
        adj[nb[i]!]!.add(nb[j]!);
        adj[nb[j]!]!.add(nb[i]!);
      }
    for (const a of nb) (buckets[adj[a]!.size] ??= []).push(a);
    adj[v]!.clear();
    // A neighbour's new degree is at least |nb| − 1 (it now touches every other neighbour).
    min = Math.max(0, min - 1);
  }
  return out;
}
