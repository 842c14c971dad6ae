import { ShapeError } from "../core/errors.js";
import { normalizeAxis, showShape } from "../core/shape.js";
import { checkInteger, checkIntegerArray, checkOptionNames } from "../core/validate.js";
import { reshape, transpose } from "../ops/shape-ops.js";
import { promoteFloatOperands, toFloat, type TensorLike } from "../ops/tensor-like.js";
import type { Tensor } from "../tensor/tensor.js";
import { inv, solve } from "./solve.js";

const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** Options of `tensorsolve`. */
export interface TensorsolveOptions {
  /** Axes of A moved to the end before solving (default none). */
  dims?: readonly number[];
}

/**
 * The X with tensordot(A, X, X.ndim) = B, as torch.linalg.tensorsolve: X has shape
 * A.shape[B.ndim:], and A flattened to [size(B), size(X)] must be square. Solved by `solve` on that
 * matrix, so differentiable as `solve` is. `dims` names axes of A to move to the end first.
 *
 * @example
 * linalg.tensorsolve(A, B); // A [2, 3, 6], B [2, 3]: X [6]
 */
export function tensorsolve(a: TensorLike, b: TensorLike, opts?: TensorsolveOptions): Tensor {
  const o = checkOptionNames<TensorsolveOptions>(opts, "tensorsolve", ["dims"]);
  const [A0, B] = promoteFloatOperands(a, b, "tensorsolve", ["A", "B"]);
  let A = A0;
  if (o.dims !== undefined) {
    const moved = checkIntegerArray(o.dims, "tensorsolve", "options.dims").map((d, i) => normalizeAxis(d, A.ndim, "tensorsolve", `options.dims[${i}]`));
    const rest = A.shape.map((_, i) => i).filter((i) => !moved.includes(i));
    A = transpose(A, [...rest, ...moved]);
  }
  const lead = A.shape.slice(0, B.ndim);
  const xShape = A.shape.slice(B.ndim);
  if (A.ndim < B.ndim || lead.some((d, i) => d !== B.shape[i]) || size(xShape) !== size(B.shape))
    throw new ShapeError(
      `tensorsolve: A must have shape B.shape + X.shape with size(X.shape) = size(B.shape) = ${size(B.shape)}, ` +
        `got A ${showShape(A.shape)} and B ${showShape(B.shape)}`,
    );
  const n = size(B.shape);
  return reshape(solve(reshape(A, [n, n]), reshape(B, [n])), xShape);
}

/** Options of `tensorinv`. */
export interface TensorinvOptions {
  /** How many leading axes form the "rows" (default 2). */
  ind?: number;
}

/**
 * The inverse of A with respect to tensordot(·, ·, ind), as torch.linalg.tensorinv: for A of shape
 * S₁ + S₂ (S₁ its first `ind` axes) with size(S₁) = size(S₂), the tensor of shape S₂ + S₁ whose
 * flattened [size(S₂), size(S₁)] matrix is the inverse of A's. Differentiable as `inv`.
 *
 * @example
 * linalg.tensorinv(reshape(eye(6), [2, 3, 6]), { ind: 2 }).shape; // [6, 2, 3]
 */
export function tensorinv(a: TensorLike, opts?: TensorinvOptions): Tensor {
  const o = checkOptionNames<TensorinvOptions>(opts, "tensorinv", ["ind"]);
  const A = toFloat(a, "tensorinv", "A");
  const ind = o.ind === undefined ? 2 : checkInteger(o.ind, "tensorinv", "options.ind", 1);
  const rows = A.shape.slice(0, ind);
  const cols = A.shape.slice(ind);
  if (ind > A.ndim || size(rows) !== size(cols))
    throw new ShapeError(`tensorinv: the first ${ind} axes of A and the others must have equal sizes, got A ${showShape(A.shape)}`);
  const n = size(rows);
  return reshape(inv(reshape(A, [n, n])), [...cols, ...rows]);
}
