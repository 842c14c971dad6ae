import { ShapeError } from "../core/errors.js";
import { argumentError, checkOptions } from "../core/validate.js";
import { starBicoloring } from "./bicoloring.js";
import { adjacencyGraph, intersectionGraph, type Graph } from "./conflict-graph.js";
import { SparsityPattern } from "./sparsity-pattern.js";
import { vertexOrder, vertexOrders, type VertexOrder } from "./vertex-order.js";

/** What is colored: columns (forward compression), rows (reverse), both (bidirectional), or a symmetric matrix's star coloring (Hessians). */
export type ColoringKind = "column" | "row" | "bidirectional" | "star";

/** Options of `coloring`. */
export interface ColoringOptions {
  /** Columns, rows, both (star bicoloring), or star (symmetric). */
  kind: ColoringKind;
  /** Vertex order of the greedy algorithm (default "natural"). */
  order?: VertexOrder;
}

/** A coloring: `colors[v]` ∈ 0 … count−1 for each column, row, or (star) row and column. */
export interface Coloring {
  readonly kind: ColoringKind;
  readonly order: VertexOrder;
  /**
   * The color of each column (kind "column"), row ("row") or index ("star"); for "bidirectional",
   * the n columns then the m rows, −1 for those left out of both passes.
   */
  readonly colors: Int32Array;
  /** The number of colors: the number of JVPs, VJPs (both, for "bidirectional") or Hessian-vector products needed. */
  readonly count: number;
  /** Kind "bidirectional": how many of the colors are JVPs (column colors 0 … forward−1) and VJPs (the rest). */
  readonly split?: { readonly forward: number; readonly reverse: number };
}

/** Greedy distance-1 coloring of `g` in `order`: the smallest color no neighbour has. */
function greedy(g: Graph, order: Int32Array): Int32Array {
  const colors = new Int32Array(g.size).fill(-1);
  const forbidden = new Int32Array(g.size + 1).fill(-1);
  for (const v of order) {
    for (let a = g.ptr[v]!; a < g.ptr[v + 1]!; a++) {
      const c = colors[g.adj[a]!]!;
      if (c >= 0) forbidden[c] = v;
    }
    let c = 0;
    while (forbidden[c] === v) c++;
    colors[v] = c;
  }
  return colors;
}

/**
 * Star coloring (Gebremedhin, Manne & Pothen 2005, Algorithm 4.1): a distance-1 coloring in which
 * every path on four vertices uses at least three colors, which makes every Hessian entry directly
 * recoverable from the compressed product H·S.
 */
function star(g: Graph, order: Int32Array): Int32Array {
  const colors = new Int32Array(g.size).fill(-1);
  const forbidden = new Int32Array(g.size + 1).fill(-1);
  const { ptr, adj } = g;
  for (const v of order) {
    for (let a = ptr[v]!; a < ptr[v + 1]!; a++) {
      const w = adj[a]!;
      if (colors[w]! >= 0) forbidden[colors[w]!] = v;
    }
    for (let a = ptr[v]!; a < ptr[v + 1]!; a++) {
      const w = adj[a]!;
      const cw = colors[w]!;
      for (let b = ptr[w]!; b < ptr[w + 1]!; b++) {
        const x = adj[b]!;
        const cx = colors[x]!;
        if (x === v || cx < 0) continue;
        if (cw < 0) {
          // v – w – x with w uncolored: v and x must differ (distance-2 along an open path).
          forbidden[cx] = v;
          continue;
        }
        // v – w – x – y with colors (?, cw, cx, cw) would become a two-colored path on four vertices.
        for (let c = ptr[x]!; c < ptr[x + 1]!; c++) {
          const y = adj[c]!;
          if (y !== w && colors[y] === cw) {
            forbidden[cx] = v;
            break;
          }
        }
      }
    }
    let c = 0;
    while (forbidden[c] === v) c++;
    colors[v] = c;
  }
  return colors;
}

/**
 * Colors a sparsity pattern for compressed differentiation: `"column"` (partial distance-2
 * coloring: columns sharing no row share a color, one JVP per color), `"row"` (one VJP per color)
 * `"bidirectional"` (star bicoloring: some columns and some rows, one JVP or VJP per color, for
 * patterns such as an arrowhead where both one-sided colorings need n colors) or `"star"` (a
 * square symmetric pattern such as a Hessian: one Hessian-vector product per color).
 * Greedy, in the vertex `order` given (natural, largest-first, smallest-last or incidence-degree).
 *
 * @example
 * coloring(jacobianSparsity(stencil, u), { kind: "column" }).count; // 3 for a tridiagonal Jacobian
 */
export function coloring(pattern: SparsityPattern, options: ColoringOptions): Coloring {
  if (!(pattern instanceof SparsityPattern))
    throw argumentError("coloring", "pattern", "a SparsityPattern (from jacobianSparsity or hessianSparsity)", pattern);
  const o = checkOptions<ColoringOptions>(options, "coloring");
  const kind = o.kind;
  if (kind !== "column" && kind !== "row" && kind !== "bidirectional" && kind !== "star")
    throw argumentError("coloring", "options.kind", '"column", "row", "bidirectional" or "star"', kind);
  const order = o.order ?? "natural";
  if (!vertexOrders.includes(order)) throw argumentError("coloring", "options.order", vertexOrders.map((s) => `"${s}"`).join(", "), order);
  if (kind === "star" && pattern.shape[0] !== pattern.shape[1])
    throw new ShapeError(`coloring: pattern must be square for kind "star", got ${pattern.shape[0]}×${pattern.shape[1]}`);
  if (kind === "bidirectional") {
    const { colors, columns, rows } = starBicoloring(pattern, order);
    return { kind, order, colors, count: columns + rows, split: { forward: columns, reverse: rows } };
  }
  const g = kind === "star" ? adjacencyGraph(pattern) : intersectionGraph(pattern, kind === "row");
  const seq = vertexOrder(g, order);
  const colors = kind === "star" ? star(g, seq) : greedy(g, seq);
  const count = colors.reduce((m, c) => Math.max(m, c + 1), 0);
  return { kind, order, colors, count };
}
