import { ShapeError } from "../core/errors.js";
import { adjacencyGraph } from "./conflict-graph.js";
import { minimumDegree, reverseCuthillMcKee, type FillOrdering } from "./fill-ordering.js";
import type { SparsityPattern } from "./sparsity-pattern.js";

/**
 * Sparse Cholesky factorisation A = Pᵀ L Lᵀ P of a symmetric positive definite matrix given by a
 * symmetric sparsity pattern and its values: the up-looking algorithm of CSparse (Davis 2006, §4.7,
 * `cs_chol`). The symbolic part (ordering, elimination tree, the structure of L) depends only on
 * the pattern and is done once by `analyzeCholesky`; `choleskyFactor` then costs O(Σ_k |L(k,:)|²).
 */

/** The pattern-only part of a sparse Cholesky factorisation, reused for every matrix of that pattern. */
export interface CholeskyAnalysis {
  readonly n: number;
  /** The fill-reducing ordering chosen (the one giving the fewest nonzeros in L). */
  readonly ordering: FillOrdering;
  /** perm[new] = old. */
  readonly perm: Int32Array;
  /** The elimination tree of P A Pᵀ. */
  readonly parent: Int32Array;
  /** Column pointers of L (diagonal first in each column). */
  readonly lp: Int32Array;
  /** The upper triangle of P A Pᵀ by columns: pointers, row indices, and for each slot the index of its value in the pattern's entries. */
  readonly cp: Int32Array;
  readonly ci: Int32Array;
  readonly source: Int32Array;
  /** Nonzeros of L. */
  readonly nnz: number;
}

/** A numeric factor L (by columns) of P A Pᵀ. */
export interface CholeskyFactor {
  readonly analysis: CholeskyAnalysis;
  readonly li: Int32Array;
  readonly lx: Float64Array;
}

/** The upper triangle of P A Pᵀ in compressed columns, with the source entry of each slot (`inv`: old → new). */
function upper(p: SparsityPattern, inv: Int32Array): { cp: Int32Array; ci: Int32Array; source: Int32Array } {
  const n = p.shape[0];
  const cp = new Int32Array(n + 1);
  for (let k = 0; k < p.nnz; k++) {
    const a = inv[p.rows[k]!]!;
    const b = inv[p.cols[k]!]!;
    if (a <= b) cp[b + 1]!++;
  }
  for (let j = 0; j < n; j++) cp[j + 1]! += cp[j]!;
  const next = cp.slice(0, n);
  const ci = new Int32Array(cp[n]!);
  const source = new Int32Array(cp[n]!);
  for (let k = 0; k < p.nnz; k++) {
    const a = inv[p.rows[k]!]!;
    const b = inv[p.cols[k]!]!;
    if (a > b) continue;
    const s = next[b]!++;
    ci[s] = a;
    source[s] = k;
  }
  return { cp, ci, source };
}

/** The elimination tree of a symmetric matrix from its upper triangle by columns (Liu 1986; `cs_etree`). */
function etree(n: number, cp: Int32Array, ci: Int32Array): Int32Array {
  const parent = new Int32Array(n).fill(-1);
  const ancestor = new Int32Array(n).fill(-1);
  for (let k = 0; k < n; k++)
    for (let q = cp[k]!; q < cp[k + 1]!; q++) {
      // Path compression: walk from i towards the root, pointing every ancestor link at k.
      for (let i = ci[q]!; i !== -1 && i < k; ) {
        const next = ancestor[i]!;
        ancestor[i] = k;
        if (next === -1) parent[i] = k;
        i = next;
      }
    }
  return parent;
}

/**
 * The nonzero pattern of row k of L, in topological order, in s[top … n−1] (`cs_ereach`): the union
 * of the elimination-tree paths from each i with C(i, k) ≠ 0 up to k. `mark` must not hold k yet.
 */
function ereach(k: number, cp: Int32Array, ci: Int32Array, parent: Int32Array, s: Int32Array, mark: Int32Array): number {
  const n = parent.length;
  let top = n;
  mark[k] = k;
  for (let q = cp[k]!; q < cp[k + 1]!; q++) {
    let len = 0;
    for (let i = ci[q]!; mark[i] !== k; i = parent[i]!) {
      s[len++] = i;
      mark[i] = k;
    }
    while (len > 0) s[--top] = s[--len]!;
  }
  return top;
}

/** Column pointers of L for the ordering given (inv: old → new), by counting the row patterns. */
function symbolic(p: SparsityPattern, perm: Int32Array, inv: Int32Array, ordering: FillOrdering): CholeskyAnalysis {
  const n = p.shape[0];
  const { cp, ci, source } = upper(p, inv);
  const parent = etree(n, cp, ci);
  const count = new Int32Array(n).fill(1);
  const s = new Int32Array(n);
  const mark = new Int32Array(n).fill(-1);
  for (let k = 0; k < n; k++) for (let t = ereach(k, cp, ci, parent, s, mark); t < n; t++) count[s[t]!]!++;
  const lp = new Int32Array(n + 1);
  for (let j = 0; j < n; j++) lp[j + 1] = lp[j]! + count[j]!;
  return { n, ordering, perm, parent, lp, cp, ci, source, nnz: lp[n]! };
}

/**
 * Analyses a symmetric pattern: tries the natural order, reverse Cuthill–McKee and minimum degree,
 * and keeps the one whose factor L has the fewest nonzeros (stopping early at an order without fill).
 *
 * NOTE: three symbolic factorisations cost O(nnz(L)) each, once per pattern; choosing by the exact
 * fill is cheaper than guessing wrong (a band ordering on a 2-D mesh fills n^1.5, minimum degree
 * about n log n; on a tridiagonal Hessian the natural order has no fill at all).
 */
export function analyzeCholesky(p: SparsityPattern): CholeskyAnalysis {
  const n = p.shape[0];
  if (n !== p.shape[1]) throw new ShapeError(`analyzeCholesky: the pattern must be square, got ${n}×${p.shape[1]}`);
  const g = adjacencyGraph(p);
  const natural = Int32Array.from({ length: n }, (_, i) => i);
  const candidates: [FillOrdering, () => Int32Array | null][] = [
    ["natural", () => natural],
    ["reverse-cuthill-mckee", () => reverseCuthillMcKee(g)],
    ["minimum-degree", () => minimumDegree(g, 64 * (p.nnz + n) + 100_000)],
  ];
  // L has at least one entry per lower-triangle entry of A and per diagonal: no ordering beats that.
  let floor = n;
  for (let k = 0; k < p.nnz; k++) if (p.rows[k]! > p.cols[k]!) floor++;
  let best: CholeskyAnalysis | null = null;
  for (const [name, order] of candidates) {
    if (best !== null && best.nnz === floor) break; // no fill already
    const perm = order();
    if (perm === null) continue;
    const inv = new Int32Array(n);
    perm.forEach((old, k) => (inv[old] = k));
    const a = symbolic(p, perm, inv, name);
    if (best === null || a.nnz < best.nnz) best = a;
  }
  return best!;
}

/**
 * The numeric factor of the matrix with the analysed pattern and entries `values` (one per pattern
 * entry, in the pattern's order; both triangles present, the upper one is read), or null when the
 * matrix is not (numerically) positive definite.
 */
export function choleskyFactor(a: CholeskyAnalysis, values: Float64Array): CholeskyFactor | null {
  const { n, cp, ci, source, parent, lp } = a;
  const li = new Int32Array(a.nnz);
  const lx = new Float64Array(a.nnz);
  const next = lp.slice(0, n);
  const x = new Float64Array(n);
  const s = new Int32Array(n);
  const mark = new Int32Array(n).fill(-1);
  for (let k = 0; k < n; k++) {
    const top = ereach(k, cp, ci, parent, s, mark);
    x[k] = 0;
    for (let q = cp[k]!; q < cp[k + 1]!; q++) x[ci[q]!] = values[source[q]!]!;
    let d = x[k]!;
    x[k] = 0;
    for (let t = top; t < n; t++) {
      // L(k, i) = x(i) / L(i, i); then x ← x − L(:, i)·L(k, i) below the diagonal (a sparse triangular solve).
      const i = s[t]!;
      const lki = x[i]! / lx[lp[i]!]!;
      x[i] = 0;
      for (let q = lp[i]! + 1; q < next[i]!; q++) x[li[q]!]! -= lx[q]! * lki;
      d -= lki * lki;
      const q = next[i]!++;
      li[q] = k;
      lx[q] = lki;
    }
    if (!(d > 0)) return null;
    const q = next[k]!++;
    li[q] = k;
    lx[q] = Math.sqrt(d);
  }
  return { analysis: a, li, lx };
}

/** Solves A x = b with a factor from `choleskyFactor`: P x = L⁻ᵀ L⁻¹ P b. */
export function choleskySolve(f: CholeskyFactor, b: Float64Array): Float64Array {
  const { n, perm, lp } = f.analysis;
  const { li, lx } = f;
  const x = new Float64Array(n);
  for (let k = 0; k < n; k++) x[k] = b[perm[k]!]!;
  for (let j = 0; j < n; j++) {
    x[j]! /= lx[lp[j]!]!;
    for (let q = lp[j]! + 1; q < lp[j + 1]!; q++) x[li[q]!]! -= lx[q]! * x[j]!;
  }
  for (let j = n - 1; j >= 0; j--) {
    for (let q = lp[j]! + 1; q < lp[j + 1]!; q++) x[j]! -= lx[q]! * x[li[q]!]!;
    x[j]! /= lx[lp[j]!]!;
  }
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) out[perm[k]!] = x[k]!;
  return out;
}
