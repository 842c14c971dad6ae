import type { Conv2dGeometry } from "../../backend/backend.js";
import { materializeBatch, moveAxis } from "../../primitives/batching.js";
import { add } from "../../primitives/binary/add.js";
import { bind1 } from "../../primitives/bind.js";
import { reshape } from "../../primitives/movement/reshape.js";
import type { Primitive } from "../../primitives/primitive.js";
import type { Tensor } from "../../tensor/tensor.js";
import { foldIntoN, unfoldN } from "./batch-fold.js";

// Batching rules of the three convolution primitives. NOTE: two foldings, no per-example loop:
// when only the images (or cotangents) are batched, the vmap batch folds into N (one convolution
// of B·N images); when the weights are batched, example b's channels become channel groups
// b·groups … (b+1)·groups − 1 of one grouped convolution ([N, B·C, H, W] with [B·O, C/groups, …]
// and groups·B), as JAX does, so an ensemble of B networks is one kernel call.

/** `[B, N, C, H, W]` (unbatched: repeated) as `[N, B·C, H, W]`: example b's channels at b·C … */
function channelsFold(x: Tensor, isBatched: boolean, batch: number): Tensor {
  const xb = isBatched ? x : materializeBatch(x, batch);
  const [, n, c, ...rest] = xb.shape;
  return reshape(moveAxis(xb, 0, 1), [n!, batch * c!, ...rest]);
}

/** `[N, B·C, H, W]` back to `[B, N, C, H, W]`. */
function channelsUnfold(y: Tensor, batch: number): Tensor {
  const [n, bc, ...rest] = y.shape;
  return moveAxis(reshape(y, [n!, batch, bc! / batch, ...rest]), 1, 0);
}

/** `[B, O, …]` (unbatched: repeated) as `[B·O, …]`. */
function leadingFold(w: Tensor, isBatched: boolean, batch: number): Tensor {
  const wb = isBatched ? w : materializeBatch(w, batch);
  return reshape(wb, [batch * wb.shape[1]!, ...wb.shape.slice(2)]);
}

/** Batching rule of `conv2d(x, w, bias?)`. */
export function batchConv2d<P extends Conv2dGeometry>(args: readonly Tensor[], batched: readonly boolean[], g: P, batch: number, prim: Primitive<P>): [Tensor[], boolean[]] {
  const [x, w, bias] = args as [Tensor, Tensor, Tensor | undefined];
  if (bias !== undefined && batched[2]) {
    // A batched bias: convolve without it, then add it per example ([B, O] as [B, 1, O, 1, 1]).
    const y = batched[0] || batched[1] ? batchConv2d([x, w], batched.slice(0, 2), g, batch, prim)[0][0]! : bind1(prim, [x, w], g);
    return [[add(y, reshape(bias, [batch, 1, bias.shape[1]!, 1, 1]))], [true]];
  }
  if (!batched[1]) {
    const y = bind1(prim, bias === undefined ? [foldIntoN(x), w] : [foldIntoN(x), w, bias], g);
    return [[unfoldN(y, batch, x.shape[1]!)], [true]];
  }
  const xf = channelsFold(x, batched[0]!, batch);
  const wf = leadingFold(w, true, batch);
  const grouped = { ...g, groups: g.groups * batch };
  const y = bind1(prim, bias === undefined ? [xf, wf] : [xf, wf, reshape(materializeBatch(bias, batch), [-1])], grouped);
  return [[channelsUnfold(y, batch)], [true]];
}

/** Batching rule of `conv2dInputGrad(ct, w)` (the transposed convolution). */
export function batchConv2dInputGrad<P extends Conv2dGeometry>(args: readonly Tensor[], batched: readonly boolean[], p: P, batch: number, prim: Primitive<P>): [Tensor[], boolean[]] {
  const [ct, w] = args as [Tensor, Tensor];
  if (!batched[1]) return [[unfoldN(bind1(prim, [foldIntoN(ct), w], p), batch, ct.shape[1]!)], [true]];
  const y = bind1(prim, [channelsFold(ct, batched[0]!, batch), leadingFold(w, true, batch)], { ...p, groups: p.groups * batch });
  return [[channelsUnfold(y, batch)], [true]];
}

/** Batching rule of `conv2dWeightGrad(x, ct)`: it sums over N, so the batch always goes into the channel groups. */
export function batchConv2dWeightGrad<P extends Conv2dGeometry>(args: readonly Tensor[], batched: readonly boolean[], p: P, batch: number, prim: Primitive<P>): [Tensor[], boolean[]] {
  const [x, ct] = args as [Tensor, Tensor];
  const y = bind1(prim, [channelsFold(x, batched[0]!, batch), channelsFold(ct, batched[1]!, batch)], { ...p, groups: p.groups * batch });
  return [[reshape(y, [batch, y.shape[0]! / batch, ...y.shape.slice(1)])], [true]];
}
