import { fromData } from "../tensor/creation.js";
import type { Tensor } from "../tensor/tensor.js";
import { bind } from "./bind.js";
import { broadcastTo } from "./movement/broadcast-to.js";
import { reshape } from "./movement/reshape.js";
import { transpose } from "./movement/transpose.js";
import type { Primitive } from "./primitive.js";

/**
 * Rule helpers for `vmap`. NOTE: a batched value always carries its batch on axis 0 (JAX's
 * `bdim_at_front` made the only convention): rules never track where the batch axis went, and the
 * batching interpreter needs no field per tracer; the price is a transpose where a primitive would
 * naturally leave the batch elsewhere (gather with batched indices, `vmap`'s own in/out axes).
 */

/** The outputs of a rule whose outputs are all batched. */
export function allBatched(outs: Tensor[]): [Tensor[], boolean[]] {
  return [outs, outs.map(() => true)];
}

/** `x` (unbatched) repeated along a new leading batch axis of `axisSize`. */
export function materializeBatch(x: Tensor, axisSize: number): Tensor {
  return broadcastTo(reshape(x, [1, ...x.shape]), [axisSize, ...x.shape]);
}

/** Every argument with its batch on axis 0, unbatched ones repeated. */
export function materializeAll(args: readonly Tensor[], batched: readonly boolean[], axisSize: number): Tensor[] {
  return args.map((a, i) => (batched[i] ? a : materializeBatch(a, axisSize)));
}

/** A batched `x` with `n` size-1 axes inserted after the batch axis. */
export function insertAfterBatch(x: Tensor, n: number): Tensor {
  if (n <= 0) return x;
  return reshape(x, [x.shape[0]!, ...Array.from({ length: n }, () => 1), ...x.shape.slice(1)]);
}

/** Moves axis `from` of `x` to position `to` (both non-negative). */
export function moveAxis(x: Tensor, from: number, to: number): Tensor {
  if (from === to) return x;
  const perm = Array.from({ length: x.ndim }, (_, i) => i).filter((i) => i !== from);
  perm.splice(to, 0, from);
  return transpose(x, perm);
}

/**
 * Batching rule of elementwise and broadcasting primitives (unary, binary, `where`, `cast`): batched
 * operands of lower per-example rank get size-1 axes after the batch axis so that numpy broadcasting
 * aligns the per-example axes; unbatched operands broadcast as they are.
 */
export function batchElementwise<P>(args: readonly Tensor[], batched: readonly boolean[], params: P, _axisSize: number, prim: Primitive<P>): [Tensor[], boolean[]] {
  let rank = 0;
  for (let i = 0; i < args.length; i++) rank = Math.max(rank, args[i]!.ndim - (batched[i] ? 1 : 0));
  const aligned = args.map((a, i) => (batched[i] ? insertAfterBatch(a, rank - (a.ndim - 1)) : a));
  return allBatched(bind(prim, aligned, params));
}

/** Batching rule of primitives with `axes` params (sum, reduceMax, flip): the per-example axes shift by one. */
export function batchShiftAxes<P extends { readonly axes: readonly number[] }>(
  args: readonly Tensor[],
  _batched: readonly boolean[],
  params: P,
  _axisSize: number,
  prim: Primitive<P>,
): [Tensor[], boolean[]] {
  return allBatched(bind(prim, args, { ...params, axes: params.axes.map((a) => a + 1) }));
}

/** Batching rule of single-argument primitives with an `axis` param (argmax, argmin). */
export function batchShiftAxis<P extends { readonly axis: number }>(
  args: readonly Tensor[],
  _batched: readonly boolean[],
  params: P,
  _axisSize: number,
  prim: Primitive<P>,
): [Tensor[], boolean[]] {
  return allBatched(bind(prim, args, { ...params, axis: params.axis + 1 }));
}

/**
 * Batching rule of primitives that accept any number of leading batch axes (the matrix
 * decompositions, triangular solves, pooling over `[..., C, H, W]`) or need operands of one shape
 * (gammainc, betainc): unbatched arguments are repeated along the batch, and the primitive runs once
 * on the stack.
 */
export function batchLeading<P>(args: readonly Tensor[], batched: readonly boolean[], params: P, axisSize: number, prim: Primitive<P>): [Tensor[], boolean[]] {
  return allBatched(bind(prim, materializeAll(args, batched, axisSize), params));
}

/** `[0, n, 2n, …]` shaped `[axisSize, 1, …, 1]` (rank `rank`): per-lane offsets of flattened indices. */
export function laneOffsets(axisSize: number, n: number, rank: number): Tensor {
  const d = new Int32Array(axisSize);
  for (let i = 0; i < axisSize; i++) d[i] = i * n;
  return fromData(d, [axisSize, ...Array.from({ length: rank - 1 }, () => 1)], "int32");
}
