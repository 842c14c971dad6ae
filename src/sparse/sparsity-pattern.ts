import { argumentError, checkInteger } from "../core/validate.js";
import { fromData } from "../tensor/creation.js";
import type { Tensor } from "../tensor/tensor.js";
import { spyPlot, spySVG } from "./spy-plot.js";

/**
 * The structural nonzeros of an m×n matrix (a Jacobian or Hessian), in coordinate form sorted by
 * row then column. `toString()` is a Unicode spy plot, `toSVG()` a plain SVG.
 */
export class SparsityPattern {
  /** Row of each nonzero, sorted by row then column. */
  readonly rows: Int32Array;
  /** Column of each nonzero. */
  readonly cols: Int32Array;
  /** @internal Row pointers: the nonzeros of row i are ptr[i] … ptr[i+1]. */
  readonly rowPtr: Int32Array;

  /** Not for users: `jacobianSparsity`/`hessianSparsity` make patterns (or `SparsityPattern.fromCoordinates`). */
  constructor(
    /** [rows, columns] of the matrix. */
    readonly shape: readonly [number, number],
    rows: Int32Array,
    cols: Int32Array,
  ) {
    this.rows = rows;
    this.cols = cols;
    const ptr = new Int32Array(shape[0] + 1);
    for (const r of rows) ptr[r + 1]!++;
    for (let i = 0; i < shape[0]; i++) ptr[i + 1]! += ptr[i]!;
    this.rowPtr = ptr;
  }

  /** A pattern from (row, column) pairs in any order; duplicates are merged. */
  static fromCoordinates(shape: readonly [number, number], rows: ArrayLike<number>, cols: ArrayLike<number>): SparsityPattern {
    const fn = "SparsityPattern.fromCoordinates";
    if (!Array.isArray(shape) || shape.length !== 2) throw argumentError(fn, "shape", "[rows, columns]", shape);
    const m = checkInteger(shape[0], fn, "shape[0]", 0);
    const n = checkInteger(shape[1], fn, "shape[1]", 0);
    const isList = (a: unknown): a is ArrayLike<number> => Array.isArray(a) || ArrayBuffer.isView(a);
    if (!isList(rows)) throw argumentError(fn, "rows", "an array of row indices", rows);
    if (!isList(cols) || cols.length !== rows.length) throw argumentError(fn, "cols", `an array of ${rows.length} column indices (one per row index)`, cols);
    for (let k = 0; k < rows.length; k++) {
      checkInteger(rows[k], fn, `rows[${k}]`, 0, m - 1);
      checkInteger(cols[k], fn, `cols[${k}]`, 0, n - 1);
    }
    const codes = Array.from({ length: rows.length }, (_, k) => rows[k]! * n + cols[k]!).sort((a, b) => a - b);
    const uniq = codes.filter((c, k) => k === 0 || c !== codes[k - 1]);
    return new SparsityPattern(
      [shape[0], shape[1]],
      Int32Array.from(uniq, (c) => Math.floor(c / n)),
      Int32Array.from(uniq, (c) => c % n),
    );
  }

  /** The number of structural nonzeros. */
  get nnz(): number {
    return this.rows.length;
  }

  /** The pattern as an m×n float64 tensor of ones (nonzero) and zeros. */
  toDense(): Tensor {
    const [m, n] = this.shape;
    const data = new Float64Array(m * n);
    for (let k = 0; k < this.rows.length; k++) data[this.rows[k]! * n + this.cols[k]!] = 1;
    return fromData(data, [m, n], "float64");
  }

  /** A Unicode (braille) spy plot, downsampled to at most 60×30 characters. */
  toString(): string {
    return spyPlot(this.shape, this.rows, this.cols);
  }

  /** A plain SVG drawing of the nonzeros (400 pixels on the longer side). */
  toSVG(): string {
    return spySVG(this.shape, this.rows, this.cols);
  }
}
