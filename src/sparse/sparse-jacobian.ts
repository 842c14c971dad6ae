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
  readonly mode: "forward" | "reverse" | "bidirectional";
}

/** The function `sparseJacobian` returns; `prepared` is null until the first call. */
export interface SparseJacobianFn<F extends AnyFunction> {
  (...args: Loosen<Parameters<F>>): SparseMatrix;
  /** The pattern, coloring and direction fixed on the first call (null before it). */
  readonly prepared: PreparedJacobian | null;
}

/** For each color, the positions (in the pattern's entries) its compressed product recovers. */
function groupsOf(p: SparsityPattern, c: Coloring): Int32Array[] {
  const lists: number[][] = Array.from({ length: c.count }, () => []);
  if (c.kind === "bidirectional") {
    // Entry (r, c) comes from the JVP of c's color when c is the only column of that color in row r,
    // else from the VJP of r's color (a star bicoloring guarantees one of the two).
    const n = p.shape[1];
    const inRow = new Map<number, number>();
    for (let i = 0; i < p.shape[0]; i++) {
      inRow.clear();
      for (let k = p.rowPtr[i]!; k < p.rowPtr[i + 1]!; k++) {
        const cc = c.colors[p.cols[k]!]!;
        if (cc >= 0) inRow.set(cc, (inRow.get(cc) ?? 0) + 1);
      }
      for (let k = p.rowPtr[i]!; k < p.rowPtr[i + 1]!; k++) {
        const cc = c.colors[p.cols[k]!]!;
        lists[cc >= 0 && inRow.get(cc) === 1 ? cc : c.colors[n + i]!]!.push(k);
      }
    }
  } else {
    const of = c.kind === "row" ? p.rows : p.cols;
    for (let k = 0; k < p.nnz; k++) lists[c.colors[of[k]!]!]!.push(k);
  }
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

const modeOf = { column: "forward", row: "reverse", bidirectional: "bidirectional", star: "forward" } as const;

/**
 * Picks the coloring: the given one, or the one needing the fewest passes (ties: forward, then reverse).
 *
 * NOTE: "auto" tries a star bicoloring (in one order: the given one, else smallest-last) only when
 * both one-sided colorings need at least 4 colors, and keeps it only when it needs strictly fewer
 * passes. A bicoloring is about 5× the work of a column coloring (measured at n = 10⁴), and on
 * banded patterns, where one side already needs only bandwidth + 1 colors, it does not win.
 */
function prepare(p: SparsityPattern, o: SparseOptions): PreparedJacobian {
  const given = o.coloring;
  if (typeof given === "object") {
    checkColoringFits("sparseJacobian", given, p);
    return { sparsity: p, coloring: given, mode: modeOf[given.kind] };
  }
  const mode = o.mode ?? "auto";
  if (mode === "bidirectional") return { sparsity: p, coloring: fewestColors(p, "bidirectional", given), mode };
  const col = mode === "reverse" ? null : fewestColors(p, "column", given);
  const row = mode === "forward" ? null : fewestColors(p, "row", given);
  let best: Coloring = row === null || (col !== null && col.count <= row.count) ? col! : row;
  if (col !== null && row !== null && Math.min(col.count, row.count) >= 4) {
    const bi = coloring(p, { kind: "bidirectional", order: given ?? "smallest-last" });
    if (bi.count < best.count) best = bi;
  }
  return { sparsity: p, coloring: best, mode: modeOf[best.kind] };
}

/**
 * The Jacobian of `f` as a sparse matrix, by compression: on the first call it detects the sparsity
 * pattern (or takes `opts.sparsity`), colors it, and picks forward mode (one JVP per column color),
 * reverse mode (one VJP per row color) or both (a star bicoloring, where it needs fewer passes: an
 * arrowhead takes 3 instead of n) by the fewest passes; later calls reuse all of that. Rows
 * are the flattened outputs' elements, columns the flattened arguments' elements, concatenated.
 *
 * @example
 * const J = sparseJacobian(residual)(u); // a tridiagonal Jacobian from 3 JVPs, whatever u's size
 * J.values; J.toDense();
 */
export function sparseJacobian<F extends AnyFunction>(f: F, opts?: SparseOptions): SparseJacobianFn<F>;
export function sparseJacobian(f: unknown, opts?: unknown): SparseJacobianFn<AnyFunction> {
  const fn = checkFunction<AnyFunction>(f, "sparseJacobian", "f");
  const o = checkSparseOptions(opts, "sparseJacobian", ["column", "row", "bidirectional"]);
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
      // Colors below `forward` are JVPs (seeded columns), the rest VJPs (seeded rows, at offset n in a bicoloring's colors).
      const forward = mode === "forward" ? c.count : mode === "reverse" ? 0 : c.split!.forward;
      const reverse = c.count - forward;
      const rowAt = mode === "bidirectional" ? n : 0;
      if (forward > 0) {
        const lane = (seeds: (Tensor | null)[]) => jvpFlat(flat.call, flat.leaves, seeds, "sparseJacobian")[2];
        const y = laneData(vmapOverSeeds(flat.leaves, (j) => c.colors[j]!, forward, lane), forward, m, "sparseJacobian", "output");
        for (let color = 0; color < forward; color++) for (const k of groups[color]!) values[k] = y[color * m + p.rows[k]!]!;
      }
      if (mode !== "forward") {
        const rec = recordFlat(flat.call, flat.leaves, "sparseJacobian");
        concatData(rec.outPrimals, m, "sparseJacobian", "output"); // checks the output size
        if (reverse > 0) {
          const lane = (cts: (Tensor | null)[]) => pullbackFlat(rec, cts.map((t, i) => t ?? zerosLike(rec.outPrimals[i]!)), flat.leaves);
          const xbar = laneData(vmapOverSeeds(rec.outPrimals, (i) => c.colors[rowAt + i]! - forward, reverse, lane), reverse, n, "sparseJacobian", "argument");
          for (let color = 0; color < reverse; color++) for (const k of groups[forward + color]!) values[k] = xbar[color * n + p.cols[k]!]!;
        }
      }
      return new SparseMatrix([m, n], p.rows.slice(), p.cols.slice(), values);
    });
  Object.defineProperty(run, "prepared", { get: () => prepared, enumerable: true });
  return run as unknown as SparseJacobianFn<AnyFunction>;
}
