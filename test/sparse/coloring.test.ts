// Coloring: validity checked exhaustively on random patterns for every kind and vertex order; the
// known optimum on banded patterns (bandwidth + 1 column colors) and star colorings of arrowhead and
// tridiagonal Hessians (2 and 3 colors).
import { describe, expect, it } from "vitest";
import { randomStream } from "../../src/core/random.js";
import { coloring, SparsityPattern, type VertexOrder } from "../../src/index.js";

const orders: VertexOrder[] = ["natural", "largest-first", "smallest-last", "incidence-degree"];

function randomPattern(m: number, n: number, density: number, seed: number, symmetric = false): SparsityPattern {
  const rng = randomStream(seed);
  const rows: number[] = [];
  const cols: number[] = [];
  for (let i = 0; i < m; i++)
    for (let j = symmetric ? i : 0; j < n; j++)
      if (rng.next() < density || (symmetric && i === j)) {
        rows.push(i, ...(symmetric ? [j] : []));
        cols.push(j, ...(symmetric ? [i] : []));
      }
  return SparsityPattern.fromCoordinates([m, n], rows, cols);
}

function banded(n: number, lower: number, upper: number): SparsityPattern {
  const rows: number[] = [];
  const cols: number[] = [];
  for (let i = 0; i < n; i++) for (let j = Math.max(0, i - lower); j <= Math.min(n - 1, i + upper); j++) {
      rows.push(i);
      cols.push(j);
    }
  return SparsityPattern.fromCoordinates([n, n], rows, cols);
}

/** Column (or row) coloring is valid when no row (column) holds two entries of one color. */
function conflicts(p: SparsityPattern, colors: Int32Array, rowsColored: boolean): string[] {
  const seen = new Map<string, number>();
  const bad: string[] = [];
  for (let k = 0; k < p.nnz; k++) {
    const line = rowsColored ? p.cols[k]! : p.rows[k]!;
    const v = rowsColored ? p.rows[k]! : p.cols[k]!;
    const key = `${line}:${colors[v]}`;
    const other = seen.get(key);
    if (other !== undefined && other !== v) bad.push(`${v} and ${other} share color ${colors[v]} in line ${line}`);
    seen.set(key, v);
  }
  return bad;
}

/** A star coloring: adjacent vertices differ, and every two-colored subgraph is a union of stars (no two-colored P4). */
function starViolations(p: SparsityPattern, colors: Int32Array): string[] {
  const n = p.shape[0];
  const adj = Array.from({ length: n }, () => new Set<number>());
  for (let k = 0; k < p.nnz; k++) {
    if (p.rows[k] === p.cols[k]) continue;
    adj[p.rows[k]!]!.add(p.cols[k]!);
    adj[p.cols[k]!]!.add(p.rows[k]!);
  }
  const bad: string[] = [];
  for (let u = 0; u < n; u++)
    for (const v of adj[u]!) {
      if (colors[u] === colors[v]) bad.push(`adjacent ${u}, ${v} share color ${colors[u]}`);
      // u–v is the middle edge of a two-colored P4 if u has another neighbour colored like v and v another colored like u.
      const uMore = [...adj[u]!].some((w) => w !== v && colors[w] === colors[v]);
      const vMore = [...adj[v]!].some((w) => w !== u && colors[w] === colors[u]);
      if (uMore && vMore) bad.push(`two-colored path through ${u}–${v}`);
    }
  return bad;
}

describe("coloring", () => {
  it("column and row colorings are valid on random patterns, for every order", () => {
    for (let seed = 0; seed < 30; seed++) {
      const p = randomPattern(5 + (seed % 13), 4 + ((seed * 7) % 15), [0.05, 0.2, 0.5][seed % 3]!, seed);
      for (const order of orders) {
        const c = coloring(p, { kind: "column", order });
        expect(conflicts(p, c.colors, false), `column ${order} seed ${seed}`).toEqual([]);
        expect(c.count).toBe(Math.max(0, ...Array.from(c.colors, (x) => x + 1)));
        const r = coloring(p, { kind: "row", order });
        expect(conflicts(p, r.colors, true), `row ${order} seed ${seed}`).toEqual([]);
      }
    }
  });

  it("star colorings are valid on random symmetric patterns, for every order", () => {
    for (let seed = 0; seed < 30; seed++) {
      const p = randomPattern(4 + (seed % 17), 4 + (seed % 17), [0.05, 0.15, 0.4][seed % 3]!, seed + 100, true);
      for (const order of orders) expect(starViolations(p, coloring(p, { kind: "star", order }).colors), `star ${order} seed ${seed}`).toEqual([]);
    }
  });

  it("banded patterns need bandwidth + 1 column colors, which natural order finds", () => {
    for (const [lower, upper] of [[1, 1], [2, 1], [0, 3], [2, 2]] as const) {
      const p = banded(30, lower, upper);
      expect(coloring(p, { kind: "column" }).count, `band ${lower},${upper}`).toBe(lower + upper + 1);
      expect(coloring(p, { kind: "row", order: "natural" }).count).toBe(lower + upper + 1);
      for (const order of orders) expect(coloring(p, { kind: "column", order }).count).toBeGreaterThanOrEqual(lower + upper + 1);
    }
  });

  it("star coloring: 2 colors for an arrowhead, 3 for a tridiagonal Hessian", () => {
    const n = 12;
    const rows: number[] = [];
    const cols: number[] = [];
    for (let i = 0; i < n; i++) {
      rows.push(i, 0, i);
      cols.push(i, i, 0);
    }
    const arrow = SparsityPattern.fromCoordinates([n, n], rows, cols);
    expect(coloring(arrow, { kind: "star" }).count).toBe(2);
    expect(coloring(arrow, { kind: "column" }).count).toBe(n); // the dense row forbids any column compression
    expect(coloring(banded(n, 1, 1), { kind: "star" }).count).toBe(3);
    expect(starViolations(banded(n, 2, 2), coloring(banded(n, 2, 2), { kind: "star" }).colors)).toEqual([]);
  });

  it("bad arguments name the function, the argument, what was expected and what was given", () => {
    const p = banded(3, 1, 1);
    expect(() => coloring({} as SparsityPattern, { kind: "column" })).toThrow(/coloring: pattern must be a SparsityPattern .*, got an object/);
    expect(() => coloring(p, { kind: "diagonal" as "row" })).toThrow(/coloring: options.kind must be "column", "row", "bidirectional" or "star", got the string "diagonal"/);
    expect(() => coloring(p, { kind: "row", order: "random" as VertexOrder })).toThrow(/coloring: options.order must be "natural", .*got the string "random"/);
    expect(() => coloring(SparsityPattern.fromCoordinates([2, 3], [0], [1]), { kind: "star" })).toThrow(/coloring: pattern must be square for kind "star", got 2×3/);
  });
});
