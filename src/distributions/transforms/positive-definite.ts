import { ShapeError } from "../../core/errors.js";
import { showShape } from "../../core/shape.js";
import { linalg } from "../../linalg/index.js";
import { add, diagonal, matmul, mul, sum, transpose } from "../../ops/index.js";
import { tensor } from "../../tensor/creation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { independent, positiveDefinite, real, type Constraint } from "../constraints.js";
import { LowerCholeskyTransform } from "./lower-cholesky.js";
import { Transform } from "./transform.js";

/** x with its last two axes swapped. */
function swapLastAxes(x: Tensor): Tensor {
  const perm = x.shape.map((_, i) => i);
  [perm[x.ndim - 1], perm[x.ndim - 2]] = [x.ndim - 2, x.ndim - 1];
  return transpose(x, perm);
}

const toCholesky = new LowerCholeskyTransform();
/** Real matrices. */
const realMatrix: Constraint = independent(real, 2);

/**
 * Square matrices → symmetric positive-definite matrices (torch's PositiveDefiniteTransform):
 * L = lowerCholesky(x) (strict lower triangle kept, diagonal exponentiated), y = L·Lᵀ; inverse by
 * `linalg.cholesky`. log|J| on the lower-triangular coordinates of x and y:
 * n·ln 2 + Σ_i (n − i + 1)·x_ii (i from 0), the Jacobian of L ↦ L·Lᵀ times that of the diagonal's exp.
 * NOTE: like lowerCholesky, the upper triangle of x is ignored (torch defines no log-det here).
 */
export class PositiveDefiniteTransform extends Transform {
  /** `positiveDefinite`. */
  readonly name: string = "positiveDefinite";
  /** Matrices. */
  readonly domainEventDim: number = 2;
  /** Matrices. */
  readonly codomainEventDim: number = 2;
  /** Square real matrices. */
  get domain(): Constraint {
    return realMatrix;
  }
  /** Symmetric positive-definite matrices. */
  get codomain(): Constraint {
    return positiveDefinite;
  }
  protected override checkEventShape(t: Tensor, method: string, arg: string): void {
    if (t.shape[t.ndim - 1] !== t.shape[t.ndim - 2])
      throw new ShapeError(`transforms.positiveDefinite.${method}: ${arg} must be square matrices, got shape ${showShape(t.shape)}`);
  }
  protected call(x: Tensor): Tensor {
    const l = toCholesky.forward(x);
    return matmul(l, swapLastAxes(l));
  }
  protected invert(y: Tensor): Tensor {
    return toCholesky.inverse(linalg.cholesky(y));
  }
  protected ladj(x: Tensor): Tensor {
    const n = x.shape[x.ndim - 1]!;
    const w = tensor(Array.from({ length: n }, (_, i) => n - i + 1), { dtype: x.dtype });
    return add(sum(mul(w, diagonal(x, 0, -2, -1)), -1), n * Math.LN2);
  }
}
