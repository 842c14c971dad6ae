// Bidirectional compression by star bicoloring: every coloring is valid (each entry is directly
// recoverable from one JVP or one VJP), checked exhaustively on random patterns; an arrowhead takes
// 3 passes instead of n, sparseJacobian picks it there (and only where it wins), and its Jacobians
// equal jacfwd, also on the random expression graphs of the property suite.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { add, coloring, concat, jacfwd, mul, reshape, sin, slice, sparseJacobian, SparsityPattern, square, sum, type Coloring, type Tensor } from "../../src/index.js";
import { bipartiteGraph, colorCover } from "../../src/sparse/bicoloring.js";
import { programArb, type Program } from "../properties/random-programs.js";
import { diffusionReaction, range } from "./functions.js";

const flat = (t: Tensor): number[] => Array.from(t.data(), Number);

function expectClose(a: readonly number[], b: readonly number[], what: string): void {
  expect(a.length, what).toBe(b.length);
  const scale = 1 + Math.max(0, ...b.map(Math.abs));
  const worst = a.reduce((w, x, i) => Math.max(w, Math.abs(x - b[i]!)), 0);
  expect(worst, what).toBeLessThanOrEqual(1e-12 * scale);
}

/**
 * Checks a bidirectional coloring directly against its definition: every entry (r, c) is the only
 * entry of its row among the columns of c's color (read from that JVP), or the only entry of its
 * column among the rows of r's color (read from that VJP); column and row colors are disjoint
 * ranges and `count`/`split` agree with the colors used.
 */
function expectValidBicoloring(p: SparsityPattern, c: Coloring): void {
  const [m, n] = p.shape;
  expect(c.kind).toBe("bidirectional");
  expect(c.colors.length).toBe(n + m);
  const { forward, reverse } = c.split!;
  expect(forward + reverse).toBe(c.count);
  for (let j = 0; j < n; j++) expect(c.colors[j]! >= -1 && c.colors[j]! < forward).toBe(true);
  for (let i = 0; i < m; i++) expect(c.colors[n + i] === -1 || (c.colors[n + i]! >= forward && c.colors[n + i]! < c.count)).toBe(true);
  const rowsOfCol = Array.from({ length: n }, () => [] as number[]);
  const colsOfRow = Array.from({ length: m }, () => [] as number[]);
  for (let k = 0; k < p.nnz; k++) {
    rowsOfCol[p.cols[k]!]!.push(p.rows[k]!);
    colsOfRow[p.rows[k]!]!.push(p.cols[k]!);
  }
  for (let k = 0; k < p.nnz; k++) {
    const [r, col] = [p.rows[k]!, p.cols[k]!];
    const cc = c.colors[col]!;
    const rc = c.colors[n + r]!;
    const byJvp = cc >= 0 && colsOfRow[r]!.filter((j) => c.colors[j] === cc).length === 1;
    const byVjp = rc >= 0 && rowsOfCol[col]!.filter((i) => c.colors[n + i] === rc).length === 1;
    expect(byJvp || byVjp, `entry (${r}, ${col}) is recoverable`).toBe(true);
  }
}

/** y0 = Σ x², y_i = sin(x0)·x_i + x_i² (i ≥ 1): a dense first row, a dense first column and a diagonal. */
const arrowhead = (x: Tensor): Tensor => {
  const n = x.shape[0]!;
  const rest = slice(x, [1], [n - 1]);
  return concat([reshape(sum(square(x)), [1]), add(mul(sin(slice(x, [0], [1])), rest), square(rest))], 0);
};

describe("star bicoloring", () => {
  it("is valid on random patterns, in every vertex order (checked entry by entry)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 9 }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 40 }),
        fc.constantFrom("natural", "largest-first", "smallest-last", "incidence-degree" as const),
        (m, n, cells, order) => {
          const p = SparsityPattern.fromCoordinates([m, n], cells.map(([r]) => r % m), cells.map(([, c]) => c % n));
          expectValidBicoloring(p, coloring(p, { kind: "bidirectional", order }));
        },
      ),
      { seed: 16, numRuns: 400 },
    );
  });

  it("the greedy coloring is valid for any vertex cover, the whole graph included (every rule exercised)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 40 }),
        fc.array(fc.boolean(), { minLength: 16, maxLength: 16 }),
        (m, n, cells, extra) => {
          const p = SparsityPattern.fromCoordinates([m, n], cells.map(([r]) => r % m), cells.map(([, c]) => c % n));
          const g = bipartiteGraph(p);
          // A cover: the columns of every entry, plus some rows (or every row when extra[0]), or everything.
          const cover = new Uint8Array(n + m);
          for (let k = 0; k < p.nnz; k++) cover[extra[0] ? n + p.rows[k]! : p.cols[k]!] = 1;
          extra.forEach((on, v) => on && v < n + m && (cover[v] = 1));
          const colors = colorCover(g, cover, Int32Array.from({ length: n + m }, (_, v) => v));
          let forward = 0;
          let reverse = 0;
          for (let v = 0; v < n + m; v++) if (v < n) forward = Math.max(forward, colors[v]! + 1);
          else reverse = Math.max(reverse, colors[v]! + 1);
          for (let v = n; v < n + m; v++) if (colors[v]! >= 0) colors[v]! += forward;
          expectValidBicoloring(p, { kind: "bidirectional", order: "natural", colors, count: forward + reverse, split: { forward, reverse } });
        },
      ),
      { seed: 16, numRuns: 600 },
    );
  });

  it("an arrowhead needs 3 passes (1 JVP + 1 VJP + 1 JVP) where either direction alone needs n", () => {
    const x = range(40);
    const J = sparseJacobian(arrowhead);
    expectClose(flat(J(x).toDense()), flat(jacfwd(arrowhead)(x) as Tensor), "arrowhead");
    expect(J.prepared!.mode).toBe("bidirectional");
    expect(J.prepared!.coloring.count).toBe(3);
    expectValidBicoloring(J.prepared!.sparsity, J.prepared!.coloring);
    const p = J.prepared!.sparsity;
    expect(coloring(p, { kind: "column", order: "smallest-last" }).count).toBe(40);
    expect(coloring(p, { kind: "row", order: "smallest-last" }).count).toBe(40);
    // The prepared coloring is reused at a second point.
    const y = range(40, (i) => i / 13 - 1);
    expectClose(flat(J(y).toDense()), flat(jacfwd(arrowhead)(y) as Tensor), "second point");
  });

  it("auto keeps one direction where bicoloring does not win; forced bidirectional is still exact", () => {
    const J = sparseJacobian(diffusionReaction);
    const u = range(15);
    J(u);
    expect(J.prepared!.mode).toBe("forward");
    const B = sparseJacobian(diffusionReaction, { mode: "bidirectional" });
    expectClose(flat(B(u).toDense()), flat(jacfwd(diffusionReaction)(u) as Tensor), "tridiagonal, bidirectional");
    expect(B.prepared!.mode).toBe("bidirectional");
    const given = coloring(B.prepared!.sparsity, { kind: "bidirectional", order: "largest-first" });
    const G = sparseJacobian(diffusionReaction, { coloring: given });
    expectClose(flat(G(u).toDense()), flat(jacfwd(diffusionReaction)(u) as Tensor), "given bicoloring");
    expect(G.prepared!.coloring).toBe(given);
    expect(() => sparseJacobian(diffusionReaction, { mode: "bidirectional", coloring: coloring(B.prepared!.sparsity, { kind: "column" }) })).toThrow(
      /sparseJacobian: opts.coloring must be a "bidirectional" coloring for mode "bidirectional", got a "column" coloring/,
    );
  });

  it("equals jacfwd on random expression graphs", () => {
    fc.assert(
      fc.property(programArb(6), (prog: Program) => {
        const v = prog.flatInput();
        const f = (x: Tensor) => prog.runFlat(x);
        expectClose(flat(sparseJacobian(f, { mode: "bidirectional" })(v).toDense()), flat(jacfwd(f)(v) as Tensor), `${prog}`);
      }),
      { seed: 20261207, numRuns: 25 },
    );
  });
});
