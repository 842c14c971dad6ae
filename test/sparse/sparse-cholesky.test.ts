// Sparse Cholesky (internal to optim.minimize's Newton method): solves equal dense solves on random
// sparse SPD matrices under every ordering, the chosen ordering has the fewest nonzeros in L, and a
// matrix that is not positive definite is reported as such.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SparsityPattern } from "../../src/index.js";
import { adjacencyGraph } from "../../src/sparse/conflict-graph.js";
import { minimumDegree, reverseCuthillMcKee } from "../../src/sparse/fill-ordering.js";
import { analyzeCholesky, choleskyFactor, choleskySolve } from "../../src/sparse/sparse-cholesky.js";

/** A symmetric pattern with a full diagonal from off-diagonal pairs, and values making it SPD (diagonally dominant) or not. */
function spd(n: number, pairs: [number, number][], seedValues: number[], shift = 1): { p: SparsityPattern; values: Float64Array; dense: number[][] } {
  const rows: number[] = [];
  const cols: number[] = [];
  for (let i = 0; i < n; i++) {
    rows.push(i);
    cols.push(i);
  }
  for (const [a, b] of pairs)
    if (a !== b) {
      rows.push(a, b);
      cols.push(b, a);
    }
  const p = SparsityPattern.fromCoordinates([n, n], rows, cols);
  const dense = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  let t = 0;
  for (let k = 0; k < p.nnz; k++) {
    const [i, j] = [p.rows[k]!, p.cols[k]!];
    if (i < j) dense[i]![j] = dense[j]![i] = seedValues[t++ % seedValues.length]!;
  }
  for (let i = 0; i < n; i++) dense[i]![i] = dense[i]!.reduce((s, v) => s + Math.abs(v), 0) + shift;
  const values = Float64Array.from({ length: p.nnz }, (_, k) => dense[p.rows[k]!]![p.cols[k]!]!);
  return { p, values, dense };
}

const matVec = (a: number[][], x: Float64Array): number[] => a.map((row) => row.reduce((s, v, j) => s + v * x[j]!, 0));

/** A k×k grid graph (5-point stencil) as pairs. */
function grid(k: number): [number, number][] {
  const pairs: [number, number][] = [];
  for (let r = 0; r < k; r++)
    for (let c = 0; c < k; c++) {
      if (c + 1 < k) pairs.push([r * k + c, r * k + c + 1]);
      if (r + 1 < k) pairs.push([r * k + c, (r + 1) * k + c]);
    }
  return pairs;
}

describe("sparse Cholesky", () => {
  it("solves A x = b to rounding on random sparse SPD matrices", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 14 }).chain((n) =>
          fc.tuple(
            fc.constant(n),
            fc.array(fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 0, max: n - 1 })), { maxLength: 3 * n }),
            // NOTE: values from integers: fc.double favours tiny magnitudes, which would make every matrix diagonal.
            fc.array(fc.integer({ min: -20, max: 20 }).map((v) => v / 10 || 1), { minLength: 1, maxLength: 8 }),
            fc.array(fc.integer({ min: -10, max: 10 }).map((v) => v / 10), { minLength: n, maxLength: n }),
          ),
        ),
        ([n, pairs, vals, b]) => {
          const { p, values, dense } = spd(n, pairs, vals);
          const a = analyzeCholesky(p);
          const f = choleskyFactor(a, values);
          expect(f).not.toBeNull();
          const x = choleskySolve(f!, Float64Array.from(b));
          const r = matVec(dense, x);
          for (let i = 0; i < n; i++) expect(Math.abs(r[i]! - b[i]!)).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(b[i]!)) * 10 * n);
        },
      ),
      { seed: 16, numRuns: 200 },
    );
  });

  it("keeps the ordering with the fewest nonzeros in L: none for a tridiagonal, minimum degree on a 2-D grid", () => {
    const tri = spd(50, Array.from({ length: 49 }, (_, i): [number, number] => [i, i + 1]), [0.5]);
    const at = analyzeCholesky(tri.p);
    expect(at.nnz).toBe(50 + 49); // no fill at all
    const k = 12;
    const g = spd(k * k, grid(k), [-1, 0.5]);
    const a = analyzeCholesky(g.p);
    expect(a.ordering).toBe("minimum-degree");
    const graph = adjacencyGraph(g.p);
    // The natural (band) order fills the band: about k entries per column.
    const naturalFill = k * k * (k + 1) - (k * (k + 1)) / 2;
    expect(a.nnz).toBeLessThan(0.7 * naturalFill);
    expect(new Set(minimumDegree(graph, 1e9)!).size).toBe(k * k);
    expect(new Set(reverseCuthillMcKee(graph)).size).toBe(k * k);
    const b = Float64Array.from({ length: k * k }, (_, i) => Math.sin(i));
    const r = matVec(g.dense, choleskySolve(choleskyFactor(a, g.values)!, b));
    r.forEach((v, i) => expect(Math.abs(v - b[i]!)).toBeLessThan(1e-12));
  });

  it("reverse Cuthill–McKee turns a shuffled band back into a band", () => {
    const n = 40;
    const shuffle = Array.from({ length: n }, (_, i) => (i * 17) % n); // a permutation (17 and 40 coprime)
    const pairs = Array.from({ length: n - 1 }, (_, i): [number, number] => [shuffle[i]!, shuffle[i + 1]!]);
    const { p } = spd(n, pairs, [1]);
    const perm = reverseCuthillMcKee(adjacencyGraph(p));
    const inv = new Int32Array(n);
    perm.forEach((old, k) => (inv[old] = k));
    for (const [a, b] of pairs) expect(Math.abs(inv[a]! - inv[b]!)).toBe(1);
    expect(analyzeCholesky(p).nnz).toBe(2 * n - 1);
  });

  it("reports a matrix that is not positive definite (a negative pivot, or a zero diagonal)", () => {
    const { p, values } = spd(6, [[0, 1], [1, 2], [3, 4]], [1], -3);
    expect(choleskyFactor(analyzeCholesky(p), values)).toBeNull();
    const z = spd(3, [], [1]);
    z.values[1] = 0; // the middle diagonal entry (entries are sorted; pattern is diagonal)
    expect(choleskyFactor(analyzeCholesky(z.p), z.values)).toBeNull();
  });
});
