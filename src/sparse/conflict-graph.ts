import type { SparsityPattern } from "./sparsity-pattern.js";

/** An undirected graph in compressed adjacency form: the neighbours of v are adj[ptr[v]] … adj[ptr[v+1]−1]. */
export interface Graph {
  readonly size: number;
  readonly ptr: Int32Array;
  readonly adj: Int32Array;
}

/** Lists of the columns of each row (`byRow`) or the rows of each column, as compressed lists. */
function lists(p: SparsityPattern, byRow: boolean): { ptr: Int32Array; items: Int32Array } {
  const [m, n] = p.shape;
  const count = byRow ? m : n;
  const keys = byRow ? p.rows : p.cols;
  const vals = byRow ? p.cols : p.rows;
  const ptr = new Int32Array(count + 1);
  for (const k of keys) ptr[k + 1]!++;
  for (let i = 0; i < count; i++) ptr[i + 1]! += ptr[i]!;
  const fill = ptr.slice(0, count);
  const items = new Int32Array(keys.length);
  for (let k = 0; k < keys.length; k++) items[fill[keys[k]!]!++] = vals[k]!;
  return { ptr, items };
}

/**
 * The column intersection graph of a pattern (columns adjacent when they share a row: the columns
 * that may not share a color in forward compression), or with `rows` the row intersection graph.
 * Costs Σ (entries per row)² — partial distance-2 coloring's own cost (Gebremedhin et al. 2005).
 */
export function intersectionGraph(p: SparsityPattern, rows: boolean): Graph {
  const mine = lists(p, rows); // for each vertex (column, or row): its lines
  const other = lists(p, !rows); // for each line: its vertices
  const size = rows ? p.shape[0] : p.shape[1];
  const mark = new Int32Array(size).fill(-1);
  const ptr = new Int32Array(size + 1);
  const adj: number[] = [];
  for (let v = 0; v < size; v++) {
    mark[v] = v;
    for (let a = mine.ptr[v]!; a < mine.ptr[v + 1]!; a++) {
      const line = mine.items[a]!;
      for (let b = other.ptr[line]!; b < other.ptr[line + 1]!; b++) {
        const w = other.items[b]!;
        if (mark[w] !== v) {
          mark[w] = v;
          adj.push(w);
        }
      }
    }
    ptr[v + 1] = adj.length;
  }
  return { size, ptr, adj: Int32Array.from(adj) };
}

/** The adjacency graph of a square pattern (symmetrised, diagonal dropped): the graph star coloring colors. */
export function adjacencyGraph(p: SparsityPattern): Graph {
  const size = p.shape[0];
  const sets = Array.from({ length: size }, () => new Set<number>());
  for (let k = 0; k < p.nnz; k++) {
    const i = p.rows[k]!;
    const j = p.cols[k]!;
    if (i === j) continue;
    sets[i]!.add(j);
    sets[j]!.add(i);
  }
  const ptr = new Int32Array(size + 1);
  const adj: number[] = [];
  sets.forEach((s, v) => {
    adj.push(...[...s].sort((a, b) => a - b));
    ptr[v + 1] = adj.length;
  });
  return { size, ptr, adj: Int32Array.from(adj) };
}
