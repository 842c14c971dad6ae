import { ShapeError } from "../core/errors.js";
import { checkFunction, inFunction } from "../core/validate.js";
import type { Tensor } from "../tensor/tensor.js";
import { grad } from "../transforms/grad.js";
import { jvpFlat } from "../transforms/jvp.js";
import { callWith, type AnyFunction, type Loosen } from "../transforms/tree-values.js";
import type { Coloring } from "./coloring.js";
import { checkColoringFits, checkSparseOptions, type SparseOptions } from "./compressed-options.js";
import { hessianSparsity } from "./detect.js";
import { flatCall } from "./flat-call.js";
import { laneData, vmapOverSeeds } from "./seed-batch.js";
import { fewestColors } from "./sparse-jacobian.js";
import { SparseMatrix } from "./sparse-matrix.js";
import type { SparsityPattern } from "./sparsity-pattern.js";

/** What `sparseHessian` prepares on its first call and reuses. */
export interface PreparedHessian {
  readonly sparsity: SparsityPattern;
  readonly coloring: Coloring;
}

/** The function `sparseHessian` returns; `prepared` is null until the first call. */
export interface SparseHessianFn<F extends AnyFunction> {
  (...args: Loosen<Parameters<F>>): SparseMatrix;
  /** The pattern and star coloring fixed on the first call (null before it). */
  readonly prepared: PreparedHessian | null;
}

/**
 * Star-coloring recovery (Gebremedhin, Manne & Pothen 2005, §4.1): with B = H·S (S: one indicator
 * column per color), H[i][j] = B[i][color j] when j is i's only neighbour of that color, else
 * H[i][j] = B[j][color i] — a star coloring guarantees one of the two (two neighbours of each
 * would form a two-colored path on four vertices). Returns, per entry, the color and the index to read.
 */
function recovery(p: SparsityPattern, colors: Int32Array): { color: Int32Array; at: Int32Array } {
  const color = new Int32Array(p.nnz);
  const at = new Int32Array(p.nnz);
  const count = new Map<number, number>();
  for (let i = 0; i < p.shape[0]; i++) {
    count.clear();
    for (let k = p.rowPtr[i]!; k < p.rowPtr[i + 1]!; k++) {
      const j = p.cols[k]!;
      if (j !== i) count.set(colors[j]!, (count.get(colors[j]!) ?? 0) + 1);
    }
    for (let k = p.rowPtr[i]!; k < p.rowPtr[i + 1]!; k++) {
      const j = p.cols[k]!;
      const direct = j === i || count.get(colors[j]!) === 1;
      color[k] = direct ? colors[j]! : colors[i]!;
      at[k] = direct ? i : j;
    }
  }
  return { color, at };
}

/**
 * The Hessian of a scalar `f` as a sparse matrix: on the first call it detects the pattern (or
 * takes `opts.sparsity`) and star-colors it; each call then takes one Hessian-vector product
 * (forward-over-reverse) per color and recovers every entry directly. Later calls reuse the pattern
 * and coloring. Rows and columns are the flattened arguments' elements, concatenated.
 *
 * @example
 * const H = sparseHessian(chainedRosenbrock)(x); // tridiagonal: 3 Hessian-vector products
 */
export function sparseHessian<F extends AnyFunction>(f: F, opts?: Omit<SparseOptions, "mode">): SparseHessianFn<F>;
export function sparseHessian(f: unknown, opts?: unknown): SparseHessianFn<AnyFunction> {
  const fn = checkFunction<AnyFunction>(f, "sparseHessian", "f");
  const o = checkSparseOptions(opts, "sparseHessian", ["star"]);
  let prepared: PreparedHessian | null = null;
  let rec: { color: Int32Array; at: Int32Array } | null = null;
  const run = (...args: unknown[]): SparseMatrix =>
    inFunction("sparseHessian", () => {
      if (prepared === null) {
        const p = o.sparsity ?? hessianSparsity(fn, ...(args as never[]));
        if (p.shape[0] !== p.shape[1]) throw new ShapeError(`sparseHessian: opts.sparsity must be square, got ${p.shape[0]}×${p.shape[1]}`);
        const c = typeof o.coloring === "object" ? o.coloring : fewestColors(p, "star", o.coloring);
        checkColoringFits("sparseHessian", c, p);
        prepared = { sparsity: p, coloring: c };
        rec = recovery(p, c.colors);
      }
      const { sparsity: p, coloring: c } = prepared;
      const n = p.shape[0];
      const flat = flatCall(fn, args, "sparseHessian");
      if (flat.size !== n) throw new ShapeError(`sparseHessian: the arguments have ${flat.size} elements, the sparsity pattern has ${n} columns`);
      const argnums = flat.leaves.map((_, i) => i);
      const g = grad((...xs: Tensor[]) => flat.call(xs), { argnums }) as (...xs: Tensor[]) => Tensor[];
      const values = new Float64Array(p.nnz);
      if (c.count > 0) {
        const lane = (seeds: (Tensor | null)[]) => jvpFlat((xs) => callWith(g as AnyFunction, xs), flat.leaves, seeds, "sparseHessian")[2];
        const b = laneData(vmapOverSeeds(flat.leaves, (j) => c.colors[j]!, c.count, lane), c.count, n, "sparseHessian", "gradient");
        for (let k = 0; k < p.nnz; k++) if (rec!.color[k]! >= 0) values[k] = b[rec!.color[k]! * n + rec!.at[k]!]!;
      }
      return new SparseMatrix([n, n], p.rows.slice(), p.cols.slice(), values);
    });
  Object.defineProperty(run, "prepared", { get: () => prepared, enumerable: true });
  return run as unknown as SparseHessianFn<AnyFunction>;
}
