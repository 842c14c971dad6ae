import { fromData } from "../tensor/creation.js";
import type { Tensor } from "../tensor/tensor.js";

/** A sparse matrix in coordinate (COO) form, entries sorted by row then column. */
export class SparseMatrix {
  /** Not for users: `sparseJacobian`/`sparseHessian` make sparse matrices. */
  constructor(
    /** [rows, columns]. */
    readonly shape: readonly [number, number],
    /** Row of each stored entry. */
    readonly rowIndices: Int32Array,
    /** Column of each stored entry. */
    readonly colIndices: Int32Array,
    /** Value of each stored entry (structural nonzeros may hold 0). */
    readonly values: Float64Array,
  ) {}

  /** The number of stored entries. */
  get nnz(): number {
    return this.values.length;
  }

  /** The matrix as a dense m×n float64 tensor. */
  toDense(): Tensor {
    const [m, n] = this.shape;
    const data = new Float64Array(m * n);
    for (let k = 0; k < this.values.length; k++) data[this.rowIndices[k]! * n + this.colIndices[k]!] = this.values[k]!;
    return fromData(data, [m, n], "float64");
  }
}
