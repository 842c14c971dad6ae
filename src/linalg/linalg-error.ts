/**
 * A linear-algebra routine cannot produce a meaningful result for these values: a matrix that is
 * not positive definite for `cholesky`, a singular matrix for `solve`/`inv`, a rank-deficient one
 * for `lstsq`. The message names the op, the failing pivot and (for batches) the batch index.
 * Shape problems are `ShapeError`s.
 */
export class LinAlgError extends Error {
  override name = "LinAlgError";
}
