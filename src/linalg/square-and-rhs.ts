import { ShapeError } from "../core/errors.js";
import { broadcastShapes, showShape } from "../core/shape.js";
import { broadcastTo, reshape } from "../ops/shape-ops.js";
import { promoteOperands, type TensorLike } from "../ops/tensor-like.js";
import type { Tensor } from "../tensor/tensor.js";
import { floatMatrix, squareDim } from "./check-matrix.js";

/** A square matrix (batch) and a right-hand side, in one float dtype, broadcast to one batch. */
export interface SquareAndRhs {
  /** The matrix, [...batch, n, n]. */
  A: Tensor;
  /** The right-hand side as a matrix, [...batch, n, k] (left) or [...batch, k, n] (right). */
  B: Tensor;
  /** B was a vector: drop the added axis of the result again. */
  vector: boolean;
}

/**
 * Checks and broadcasts the operands of a solve with a square (…, n, n) matrix `a` (named `aName`)
 * and a right-hand side `b` (named `bName`): a vector of length n or a matrix (…, n, k) (with
 * `left` false: (…, k, n)). Errors name `fn`, the argument, the expected and the given shapes.
 */
export function squareAndRhs(fn: string, a: TensorLike, b: TensorLike, aName: string, bName: string, left = true): SquareAndRhs {
  const [ta, tb] = promoteOperands(floatMatrix(a, fn, aName), b, fn, [aName, bName]);
  const n = squareDim(fn, ta, aName);
  const vector = tb.ndim === 1;
  const bm = vector ? reshape(tb, left ? [tb.shape[0]!, 1] : [1, tb.shape[0]!]) : tb;
  const fits = bm.ndim >= 2 && bm.shape[left ? bm.ndim - 2 : bm.ndim - 1] === n;
  if (!fits)
    throw new ShapeError(
      `${fn}: ${bName} must be a vector of length ${n} or a matrix ${left ? `(…, ${n}, k)` : `(…, k, ${n})`} to fit ${aName} ` +
        `${showShape(ta.shape)}, got shape ${showShape(tb.shape)}`,
    );
  const batch = broadcastShapes(ta.shape.slice(0, -2), bm.shape.slice(0, -2), `${fn} (batch axes of ${aName} and ${bName})`);
  return { A: broadcastTo(ta, [...batch, n, n]), B: broadcastTo(bm, [...batch, ...bm.shape.slice(-2)]), vector };
}

/** Drops the axis that `squareAndRhs` added to a vector right-hand side. */
export function dropRhsAxis(x: Tensor, vector: boolean, left = true): Tensor {
  return vector ? reshape(x, left ? x.shape.slice(0, -1) : [...x.shape.slice(0, -2), x.shape[x.ndim - 1]!]) : x;
}
