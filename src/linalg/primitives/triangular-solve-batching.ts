import { batchLeading, moveAxis } from "../../primitives/batching.js";
import { bind1 } from "../../primitives/bind.js";
import { reshape } from "../../primitives/movement/reshape.js";
import type { Primitive } from "../../primitives/primitive.js";
import type { Tensor } from "../../tensor/tensor.js";

/**
 * Batching rule of the triangular solve. NOTE: with only the right-hand side batched (one triangle
 * for every example, as in a shared Cholesky factor) the lanes fold into the columns of B, so one
 * solve with B·k columns serves the whole batch (jax-js does the same); otherwise the triangle is
 * repeated along the batch and the primitive runs on the stack (its leading batch axes).
 */
export function batchTriangularSolve<P>(args: readonly Tensor[], batched: readonly boolean[], params: P, axisSize: number, prim: Primitive<P>): [Tensor[], boolean[]] {
  const [a, b] = args as [Tensor, Tensor];
  if (batched[0] || !batched[1]) return batchLeading(args, batched, params, axisSize, prim);
  // b is [B, …, n, k]: to [… , n, B, k], then [… , n, B·k].
  const cols = b.ndim - 2;
  const moved = moveAxis(b, 0, cols);
  const x = bind1(prim, [a, reshape(moved, [...moved.shape.slice(0, -2), -1])], params);
  return [[moveAxis(reshape(x, moved.shape), cols, 0)], [true]];
}
