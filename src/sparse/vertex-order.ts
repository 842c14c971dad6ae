import type { Graph } from "./conflict-graph.js";

/** The vertex orderings of greedy coloring (Gebremedhin, Manne & Pothen 2005, §4). */
export type VertexOrder = "natural" | "largest-first" | "smallest-last" | "incidence-degree";

/** The orderings `coloring` accepts. */
export const vertexOrders: readonly VertexOrder[] = ["natural", "largest-first", "smallest-last", "incidence-degree"];

const degree = (g: Graph, v: number): number => g.ptr[v + 1]! - g.ptr[v]!;

/** The order in which greedy coloring visits the vertices of `g`. */
export function vertexOrder(g: Graph, order: VertexOrder): Int32Array {
  const n = g.size;
  const natural = Int32Array.from({ length: n }, (_, v) => v);
  if (order === "natural") return natural;
  if (order === "largest-first") return natural.sort((a, b) => degree(g, b) - degree(g, a) || a - b);
  return order === "smallest-last" ? smallestLast(g) : incidenceDegree(g);
}

/** Repeatedly removes a vertex of least remaining degree; colors in the reverse of removal (Matula & Beck). */
function smallestLast(g: Graph): Int32Array {
  const n = g.size;
  const deg = Int32Array.from({ length: n }, (_, v) => degree(g, v));
  const buckets: number[][] = [];
  for (let v = n - 1; v >= 0; v--) (buckets[deg[v]!] ??= []).push(v);
  const removed = new Uint8Array(n);
  const out = new Int32Array(n);
  let min = 0;
  for (let k = n - 1; k >= 0; k--) {
    let v = -1;
    while (v < 0) {
      const b = buckets[min];
      if (b === undefined || b.length === 0) {
        min++;
        continue;
      }
      const w = b.pop()!;
      if (!removed[w] && deg[w] === min) v = w; // stale entries are skipped
    }
    removed[v] = 1;
    out[k] = v;
    for (let a = g.ptr[v]!; a < g.ptr[v + 1]!; a++) {
      const w = g.adj[a]!;
      if (removed[w]) continue;
      deg[w]!--;
      (buckets[deg[w]!] ??= []).push(w);
    }
    min = Math.max(0, min - 1);
  }
  return out;
}

/** Next: the vertex with the most already-ordered neighbours (ties: the lowest index first placed in the bucket). */
function incidenceDegree(g: Graph): Int32Array {
  const n = g.size;
  const inc = new Int32Array(n);
  const buckets: number[][] = [[]];
  for (let v = n - 1; v >= 0; v--) buckets[0]!.push(v);
  const placed = new Uint8Array(n);
  const out = new Int32Array(n);
  let max = 0;
  for (let k = 0; k < n; k++) {
    let v = -1;
    while (v < 0) {
      const b = buckets[max];
      if (b === undefined || b.length === 0) {
        max--;
        continue;
      }
      const w = b.pop()!;
      if (!placed[w] && inc[w] === max) v = w;
    }
    placed[v] = 1;
    out[k] = v;
    for (let a = g.ptr[v]!; a < g.ptr[v + 1]!; a++) {
      const w = g.adj[a]!;
      if (placed[w]) continue;
      inc[w]!++;
      (buckets[inc[w]!] ??= []).push(w);
      if (inc[w]! > max) max = inc[w]!;
    }
  }
  return out;
}
