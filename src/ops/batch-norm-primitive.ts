import { allocArray } from "../core/dtype.js";
import { allBatched } from "../primitives/batching.js";
import { bind } from "../primitives/bind.js";
import type { MaybeTensor, Primitive } from "../primitives/primitive.js";
import { registerPrimitive } from "../primitives/registry.js";
import { requireFloat } from "../primitives/rule-helpers.js";
import { fromData } from "../tensor/creation.js";
import type { Tensor } from "../tensor/tensor.js";
import { add, div, mul, sub } from "./arithmetic.js";
import { batchNormGrad } from "./batch-norm-grad-primitive.js";
import { batchNormForward, groupsOf } from "./batch-norm-kernels.js";
import { checkBatchNormInput, invStd, reducedAxes, statsBroadcast, statsShape, type BatchNormParams } from "./batch-norm-params.js";
import { mean } from "./reductions.js";
import { broadcastTo, reshape } from "./shape-ops.js";

/**
 * Batch normalisation without the affine part, as one kernel (instead of mean, variance, sub, add,
 * rsqrt, mul): x̂ = (x − μ)/√(v + eps) with μ and the biased variance v over every axis but `keep`;
 * outputs x̂ and the statistics μ, v (shaped as the kept axes). With m elements per group and
 * s = 1/√(v + eps): dμ = mean(dx), dv = (2/s)·mean(x̂ ⊙ dx), dx̂ = s·(dx − mean dx − x̂ ⊙ mean(x̂ ⊙ dx)),
 * whose transpose is the fused `batchNormGrad` plus μ̄/m and x̂ ⊙ 2v̄/(s·m).
 */
export const batchNormP: Primitive<BatchNormParams> = {
  name: "batchNorm",
  differentiable: true,
  // NOTE: under vmap the lanes' axis is kept too: every example of the vmapped batch gets its own statistics.
  vmap: (args, _batched, p, _size, prim) => allBatched(bind(prim, args, { ...p, keep: [0, ...p.keep.map((a) => a + 1)] })),
  shape([x], p) {
    requireFloat("batchNorm", x!);
    checkBatchNormInput("batchNorm", x!.shape, p);
    const stats = { shape: statsShape(x!.shape, p.keep), dtype: x!.dtype };
    return [{ shape: x!.shape, dtype: x!.dtype }, stats, stats];
  },
  impl([x], p, [o, so]) {
    const groups = groupsOf(x!.shape, p.keep);
    const [xhat, mu, v] = [allocArray(o!.dtype, x!.size), allocArray(o!.dtype, groups.count), allocArray(o!.dtype, groups.count)];
    batchNormForward(x!._data!, groups, p.eps, xhat, mu, v);
    return [fromData(xhat, o!.shape, o!.dtype), fromData(mu, so!.shape, so!.dtype), fromData(v, so!.shape, so!.dtype)];
  },
  jvp([x], [t], p) {
    const outs = batchNorm(x!, p);
    if (t === null) return [outs, [null, null, null]];
    const [xhat, , v] = outs as [Tensor, Tensor, Tensor];
    const axes = reducedAxes(x!.ndim, p.keep);
    const m1 = mean(t, axes, true);
    const m2 = mean(mul(xhat, t), axes, true);
    const s = invStd(v, x!.shape, p);
    const stats = statsShape(x!.shape, p.keep);
    return [outs, [mul(s, sub(sub(t, m1), mul(xhat, m2))), reshape(m1, stats), reshape(div(mul(m2, 2), s), stats)]];
  },
  vjp([x], [xhat, , v], [g, gMean, gVar], p) {
    const m = x!.size / statsShape(x!.shape, p.keep).reduce((a, b) => a * b, 1);
    const b = statsBroadcast(x!.shape, p.keep);
    const terms: MaybeTensor[] = [
      g === null ? null : batchNormGrad(xhat!, v!, g, p),
      gMean === null ? null : broadcastTo(div(reshape(gMean, b), m), x!.shape),
      gVar === null ? null : mul(xhat!, div(reshape(gVar, b), mul(invStd(v!, x!.shape, p), m / 2))),
    ];
    return [terms.reduce<MaybeTensor>((a, c) => (a === null ? c : c === null ? a : add(a, c)), null)];
  },
  testSpec: [
    { args: [{ shape: [5, 3] }], params: { keep: [1], eps: 1e-5 } },
    { args: [{ shape: [3, 2, 4] }], params: { keep: [1], eps: 0.1 } },
    { args: [{ shape: [2, 3, 4] }], params: { keep: [0, 1], eps: 1e-3 } },
  ],
};

/** Batch normalisation over every axis but `keep`: [x̂, mean, biased variance] (the fused primitive). */
export function batchNorm(x: Tensor, p: BatchNormParams): Tensor[] {
  return bind(batchNormP, [x], p);
}

registerPrimitive(batchNormP);
