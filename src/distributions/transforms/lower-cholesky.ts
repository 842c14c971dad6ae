import { ShapeError } from "../../core/errors.js";
import { showShape } from "../../core/shape.js";
import { add, diagonal, exp, log, mul, sum, tril, unsqueeze } from "../../ops/index.js";
import { eye } from "../../tensor/creation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { independent, lowerCholesky, real, type Constraint } from "../constraints.js";
import { Transform } from "./transform.js";

/** d on the diagonal of a matrix (batched over leading axes): d[..., :, None] · I. */
export function diagEmbed(d: Tensor): Tensor {
  return mul(unsqueeze(d, -1), eye(d.shape[d.ndim - 1]!, { dtype: d.dtype }));
}

/** Real matrices. */
const realMatrix: Constraint = independent(real, 2);

/**
 * Square matrices → lower Cholesky factors (torch's LowerCholeskyTransform): the strict lower
 * triangle is kept, the diagonal exponentiated, the upper triangle dropped.
 * NOTE: not injective on full matrices (the upper triangle is discarded); `logAbsDetJacobian` is
 * that of the bijection on the lower-triangular coordinates, Σ diag(x) (torch defines none).
 */
export class LowerCholeskyTransform extends Transform {
  /** `lowerCholesky`. */
  readonly name: string = "lowerCholesky";
  /** Matrices. */
  readonly domainEventDim: number = 2;
  /** Matrices. */
  readonly codomainEventDim: number = 2;
  /** Square real matrices. */
  get domain(): Constraint {
    return realMatrix;
  }
  /** Lower-triangular matrices with a positive diagonal. */
  get codomain(): Constraint {
    return lowerCholesky;
  }
  protected override checkEventShape(t: Tensor, method: string, arg: string): void {
    if (t.shape[t.ndim - 1] !== t.shape[t.ndim - 2])
      throw new ShapeError(`transforms.lowerCholesky.${method}: ${arg} must be square matrices, got shape ${showShape(t.shape)}`);
  }
  protected call(x: Tensor): Tensor {
    return add(tril(x, -1), diagEmbed(exp(diagonal(x, 0, -2, -1))));
  }
  protected invert(y: Tensor): Tensor {
    return add(tril(y, -1), diagEmbed(log(diagonal(y, 0, -2, -1))));
  }
  protected ladj(x: Tensor): Tensor {
    return sum(diagonal(x, 0, -2, -1), -1);
  }
}
