import { allBatched, materializeAll } from "../../primitives/batching.js";
import { bind } from "../../primitives/bind.js";
import { reshape } from "../../primitives/movement/reshape.js";
import type { Primitive } from "../../primitives/primitive.js";
import type { Tensor } from "../../tensor/tensor.js";

/** `[B, N, …]` as `[B·N, …]`: the vmap batch folded into the leading (N) axis. */
export function foldIntoN(x: Tensor): Tensor {
  return reshape(x, [x.shape[0]! * x.shape[1]!, ...x.shape.slice(2)]);
}

/** `[B·N, …]` back to `[B, N, …]`. */
export function unfoldN(y: Tensor, batch: number, n: number): Tensor {
  return reshape(y, [batch, n, ...y.shape.slice(1)]);
}

/**
 * Batching rule of the NCHW primitives that treat every one of the N images alike and whose
 * arguments all share N (pooling and its derivatives): the vmap batch folds into N, unbatched
 * arguments repeated, so one kernel call serves every example.
 */
export function batchFoldN<P>(args: readonly Tensor[], batched: readonly boolean[], params: P, axisSize: number, prim: Primitive<P>): [Tensor[], boolean[]] {
  const full = materializeAll(args, batched, axisSize);
  const n = full[0]!.shape[1]!;
  return allBatched(bind(prim, full.map(foldIntoN), params).map((y) => unfoldN(y, axisSize, n)));
}
