import { ShapeError } from "../core/errors.js";
import { checkFunction, inFunction } from "../core/validate.js";
import { zerosLike } from "../tensor/creation.js";
import type { Tensor } from "../tensor/tensor.js";
import { jvpFlat } from "../transforms/jvp.js";
import type { AnyFunction, Loosen } from "../transforms/tree-values.js";
import { pullbackFlat, recordFlat } from "../transforms/vjp.js";
import { coloring, type Coloring, type ColoringKind } from "./coloring.js";
import { checkColoringFits, checkSparseOptions, type SparseOptions } from "./compressed-options.js";
import { jacobianSparsity } from "./detect.js";
import { concatData, flatCall } from "./flat-call.js";
import { laneData, vmapOverSeeds } from "./seed-batch.js";
import { SparseMatrix } from "./sparse-matrix.js";
import type { SparsityPattern } from "./sparsity-pattern.js";
import { vertexOrders, type VertexOrder } from "./vertex-order.js";

/** What `sparseJacobian` prepares on its first call and reuses: the pattern, the coloring and the direction. */
export interface PreparedJacobian {
  readonly sparsity: SparsityPattern;
  readonly coloring: Coloring;
  readonly mode: "forward" | "reverse";
}

/** The function `sparseJacobian` returns; `prepared` is null until the first call. */
export interface SparseJacobianFn<F extends AnyFunction> {
  (...args: Loosen<Parameters<F>>): SparseMatrix;
  /** The pattern, coloring and direction fixed on the first call (null before it). */
  readonly prepared: PreparedJacobian | null;
}

/** For each color, the positions (in the pattern's entries) its compressed product recovers. */
function groupsOf(p: SparsityPattern, c: Coloring): Int32Array[] {
  const of = c.kind === "row" ? p.rows : p.cols;
  const lists: number[][] = Array.from({ length: c.count }, () => []);
  for (let k = 0; k < p.nnz; k++) lists[c.colors[of[k]!]!]!.push(k);
  return lists.map((l) => Int32Array.from(l));
}

/**
 * The coloring in the given order, or without one the fewest colors over all four orders.
 *
 * NOTE: trying every order costs four colorings once per preparation (milliseconds at n = 10⁴), and
 * saves JVPs on every later call: on a 2-D 5-point stencil natural order gives 7 colors, smallest-last 5.
 */
export function fewestColors(p: SparsityPattern, kind: ColoringKind, order: VertexOrder | undefined): Coloring {
  let best: Coloring | null = null;
  for (const o of order === undefined ? vertexOrders : [order]) {
    const c = coloring(p, { kind, order: o });
    if (best === null || c.count < best.count) best = c;
  }
  return best!;
}

/** Picks the coloring: the given one, or the direction with fewer colors (ties: forward). */
function prepare(p: SparsityPattern, o: SparseOptions): PreparedJacobian {
  const given = o.coloring;
  if (typeof given === "object") {
    checkColoringFits("sparseJacobian", given, p);
    return { sparsity: p, coloring: given, mode: given.kind === "row" ? "reverse" : "forward" };
  }
  const mode = o.mode ?? "auto";
  const col = mode === "reverse" ? null : fewestColors(p, "column", given);
  const row = mode === "forward" ? null : fewestColors(p, "row", given);
  if (row === null || (col !== null && col.count <= row.count)) return { sparsity: p, coloring: col!, mode: "forward" };
  return { sparsity: p, coloring: row, mode: "reverse" };
}

/**
 * The Jacobian of `f` as a sparse matrix, by compression: on the first call it detects the sparsity
 * pattern (or takes `opts.sparsity`), colors it, and picks forward mode (one JVP per column color)
 * or reverse mode (one VJP per row color) by the fewer colors; later calls reuse all of that. Rows
 * are the flattened outputs' elements, columns the flattened arguments' elements, concatenated.
 *
 * @example
 * const J = sparseJacobian(residual)(u); // a tridiagonal Jacobian from 3 JVPs, whatever u's size
 * J.values; J.toDense();
 */
export function sparseJacobian<F extends AnyFunction>(f: F, opts?: SparseOptions): SparseJacobianFn<F>;
export function sparseJacobian(f: unknown, opts?: unknown): SparseJacobianFn<AnyFunction> {
  const fn = checkFunction<AnyFunction>(f, "sparseJacobian", "f");
  const o = checkSparseOptions(opts, "sparseJacobian", ["column", "row"]);
  let prepared: PreparedJacobian | null = null;
  let groups: Int32Array[] = [];
  const run = (...args: unknown[]): SparseMatrix =>
    inFunction("sparseJacobian", () => {
      if (prepared === null) {
        const p = o.sparsity ?? jacobianSparsity(fn, ...(args as never[]));
        prepared = prepare(p, o);
        groups = groupsOf(p, prepared.coloring);
      }
      const { sparsity: p, coloring: c, mode } = prepared;
      const [m, n] = p.shape;
      const flat = flatCall(fn, args, "sparseJacobian");
      if (flat.size !== n) throw new ShapeError(`sparseJacobian: the arguments have ${flat.size} elements, the sparsity pattern has ${n} columns`);
      const values = new Float64Array(p.nnz);
      if (mode === "forward") {
        if (groups.length > 0) {
          const lane = (seeds: (Tensor | null)[]) => jvpFlat(flat.call, flat.leaves, seeds, "sparseJacobian")[2];
          const y = laneData(vmapOverSeeds(flat.leaves, (j) => c.colors[j]!, groups.length, lane), groups.length, m, "sparseJacobian", "output");
          groups.forEach((g, color) => {
            for (const k of g) values[k] = y[color * m + p.rows[k]!]!;
          });
        }
      } else {
        const rec = recordFlat(flat.call, flat.leaves, "sparseJacobian");
        concatData(rec.outPrimals, m, "sparseJacobian", "output"); // checks the output size
        if (groups.length > 0) {
          const lane = (cts: (Tensor | null)[]) => pullbackFlat(rec, cts.map((t, i) => t ?? zerosLike(rec.outPrimals[i]!)), flat.leaves);
          const xbar = laneData(vmapOverSeeds(rec.outPrimals, (i) => c.colors[i]!, groups.length, lane), groups.length, n, "sparseJacobian", "argument");
          groups.forEach((g, color) => {
            for (const k of g) values[k] = xbar[color * n + p.cols[k]!]!;
          });
        }
      }
      return new SparseMatrix([m, n], p.rows.slice(), p.cols.slice(), values);
    });
  Object.defineProperty(run, "prepared", { get: () => prepared, enumerable: true });
  return run as unknown as SparseJacobianFn<AnyFunction>;
}
