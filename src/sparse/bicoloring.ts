import type { Graph } from "./conflict-graph.js";
import type { SparsityPattern } from "./sparsity-pattern.js";
import { vertexOrder, type VertexOrder } from "./vertex-order.js";

/**
 * Star bicoloring for bidirectional compression (Coleman & Verma 1998; Gebremedhin, Manne & Pothen
 * 2005, §3.5 and Theorem 3.12): the Jacobian's bipartite graph (columns 0 … n−1, rows n … n+m−1,
 * an edge per nonzero) gets colors on a vertex cover only — columns and rows from separate palettes,
 * −1 meaning "not seeded" — such that
 *
 * 1. every edge has a colored endpoint (the cover);
 * 2. the two ends of a path u – w – x with w uncolored differ in color;
 * 3. every path on four colored vertices uses at least three colors.
 *
 * Then every entry J[r][c] is read directly: from the JVP of c's color at row r when c is r's only
 * neighbour of that color, else from the VJP of r's color at column c (a path c′ – r – c – r′
 * breaking both would use two colors). An arrowhead (one dense row, one dense column) needs n colors
 * in either direction and 3 here.
 */

/** The bipartite graph of a pattern: columns first, then rows. */
export function bipartiteGraph(p: SparsityPattern): Graph {
  const [m, n] = p.shape;
  const size = n + m;
  const ptr = new Int32Array(size + 1);
  for (let k = 0; k < p.nnz; k++) {
    ptr[p.cols[k]! + 1]!++;
    ptr[n + p.rows[k]! + 1]!++;
  }
  for (let v = 0; v < size; v++) ptr[v + 1]! += ptr[v]!;
  const fill = ptr.slice(0, size);
  const adj = new Int32Array(2 * p.nnz);
  for (let k = 0; k < p.nnz; k++) {
    const c = p.cols[k]!;
    const r = n + p.rows[k]!;
    adj[fill[c]!++] = r;
    adj[fill[r]!++] = c;
  }
  return { size, ptr, adj };
}

/** A vertex cover by repeatedly taking the vertex covering the most uncovered edges; ties go to `prefer` (columns are vertices < n). */
function greedyCover(g: Graph, n: number, prefer: "columns" | "rows"): Uint8Array {
  const deg = Int32Array.from({ length: g.size }, (_, v) => g.ptr[v + 1]! - g.ptr[v]!);
  const inCover = new Uint8Array(g.size);
  // Two bucket queues (columns, rows) with lazy deletion; the larger degree wins, a tie goes to `prefer`.
  const buckets: number[][][] = [[], []];
  const push = (v: number): void => void (buckets[v < n ? 0 : 1]![deg[v]!] ??= []).push(v);
  for (let v = g.size - 1; v >= 0; v--) push(v);
  const top = (side: number): number => {
    const b = buckets[side]!;
    for (let d = b.length - 1; d > 0; d--) {
      const list = b[d];
      while (list !== undefined && list.length > 0) {
        const v = list[list.length - 1]!;
        if (!inCover[v] && deg[v] === d) return v;
        list.pop();
      }
      b.length = d; // empty from here up
    }
    return -1;
  };
  for (;;) {
    const c = top(0);
    const r = top(1);
    if (c < 0 && r < 0) return inCover;
    const dc = c < 0 ? 0 : deg[c]!;
    const dr = r < 0 ? 0 : deg[r]!;
    const v = dc > dr || (dc === dr && prefer === "columns") ? c : r;
    inCover[v] = 1;
    for (let a = g.ptr[v]!; a < g.ptr[v + 1]!; a++) {
      const w = g.adj[a]!;
      if (inCover[w]) continue;
      deg[w]!--;
      push(w);
    }
    deg[v] = 0;
  }
}

/** Greedy star bicoloring of the cover in `order`; returns per-vertex colors (−1: not seeded), each side numbered from 0. */
export function colorCover(g: Graph, cover: Uint8Array, order: Int32Array): Int32Array {
  const color = new Int32Array(g.size).fill(-1);
  // members[x]: x's colored neighbours by color; bad[w]: colors φ(x) of neighbours x of w that have
  // another colored neighbour of w's color (so a new neighbour of w may not take φ(x): rule 3).
  const members = Array.from({ length: g.size }, () => new Map<number, number[]>());
  const bad = Array.from({ length: g.size }, () => new Set<number>());
  const forbidden = new Set<number>();
  for (const v of order) {
    if (!cover[v]) continue;
    forbidden.clear();
    for (let a = g.ptr[v]!; a < g.ptr[v + 1]!; a++) {
      const w = g.adj[a]!;
      if (!cover[w]) for (const k of members[w]!.keys()) forbidden.add(k); // rule 2: v – w – x, w uncolored
      else if (color[w]! >= 0) for (const k of bad[w]!) forbidden.add(k); // rule 3, v an end: v – w – x – y
    }
    for (const list of members[v]!.values())
      if (list.length >= 2) for (const x of list) for (const k of members[x]!.keys()) forbidden.add(k); // rule 3, v inside: w – v – x – y
    let c = 0;
    while (forbidden.has(c)) c++;
    color[v] = c;
    for (let a = g.ptr[v]!; a < g.ptr[v + 1]!; a++) {
      const x = g.adj[a]!;
      const list = members[x]!.get(c);
      if (list === undefined) members[x]!.set(c, [v]);
      else {
        list.push(v);
        if (color[x]! >= 0) {
          if (list.length === 2) bad[list[0]!]!.add(color[x]!);
          bad[v]!.add(color[x]!);
        }
      }
    }
    for (const list of members[v]!.values()) if (list.length >= 2) for (const w of list) bad[w]!.add(c);
  }
  return color;
}

/**
 * A star bicoloring of `p` in the vertex order given, the better of two greedy covers (ties to
 * columns, ties to rows). Returns `colors` (columns then rows; column colors 0 … kc−1, row colors
 * kc … kc+kr−1, −1 for vertices outside the cover) and the counts of each side.
 */
export function starBicoloring(p: SparsityPattern, order: VertexOrder): { colors: Int32Array; columns: number; rows: number } {
  const n = p.shape[1];
  const g = bipartiteGraph(p);
  const seq = vertexOrder(g, order);
  let best: { colors: Int32Array; columns: number; rows: number } | null = null;
  for (const prefer of ["columns", "rows"] as const) {
    const color = colorCover(g, greedyCover(g, n, prefer), seq);
    let columns = 0;
    let rows = 0;
    for (let v = 0; v < g.size; v++) {
      if (v < n) columns = Math.max(columns, color[v]! + 1);
      else rows = Math.max(rows, color[v]! + 1);
    }
    for (let v = n; v < g.size; v++) if (color[v]! >= 0) color[v]! += columns;
    if (best === null || columns + rows < best.columns + best.rows) best = { colors: color, columns, rows };
  }
  return best!;
}
