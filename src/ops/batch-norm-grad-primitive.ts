import { ShapeError } from "../core/errors.js";
import { allocArray } from "../core/dtype.js";
import { shapesEqual, showShape } from "../core/shape.js";
import { allBatched, materializeAll } from "../primitives/batching.js";
import { bind1 } from "../primitives/bind.js";
import type { Primitive } from "../primitives/primitive.js";
import { registerPrimitive } from "../primitives/registry.js";
import { addTangents, requireFloat, requireSameDtype } from "../primitives/rule-helpers.js";
import { fromData } from "../tensor/creation.js";
import type { Tensor } from "../tensor/tensor.js";
import { add, mul, neg } from "./arithmetic.js";
import { checkBatchNormInput, invStd, reducedAxes, statsBroadcast, statsShape, type BatchNormParams } from "./batch-norm-params.js";
import { batchNormBackward, groupsOf } from "./batch-norm-kernels.js";
import { mean, sum } from "./reductions.js";
import { reshape } from "./shape-ops.js";

/**
 * The cotangent of batch norm's x̂ with respect to x, as one kernel: x̄ = s ⊙ P(ḡ), P(ḡ) = ḡ − mean ḡ
 * − x̂ ⊙ mean(x̂ ⊙ ḡ) (means over every axis but `keep`), s = 1/√(v + eps). Linear in ḡ, and P is
 * self-adjoint, so ḡ's rules are this primitive again; for x̂: −s ⊙ (dx̂ ⊙ mean(x̂ ⊙ ḡ) + x̂ ⊙ mean(dx̂ ⊙ ḡ)),
 * transposed −s ⊙ (h ⊙ mean(x̂ ⊙ ḡ) + ḡ ⊙ mean(h ⊙ x̂)); for v: ds = −½s³dv, so −½s²dv ⊙ x̄, transposed
 * −½s² Σ h ⊙ x̄ per group.
 */
export const batchNormGradP: Primitive<BatchNormParams> = {
  name: "batchNormGrad",
  differentiable: true,
  vmap: (args, batched, p, size, prim) => allBatched([bind1(prim, materializeAll(args, batched, size), { ...p, keep: [0, ...p.keep.map((a) => a + 1)] })]),
  shape([xhat, v, g], p) {
    requireFloat("batchNormGrad", xhat!);
    requireSameDtype("batchNormGrad", xhat!, v!);
    requireSameDtype("batchNormGrad", xhat!, g!);
    checkBatchNormInput("batchNormGrad", xhat!.shape, p);
    if (!shapesEqual(xhat!.shape, g!.shape) || !shapesEqual(v!.shape, statsShape(xhat!.shape, p.keep)))
      throw new ShapeError(
        `batchNormGrad: x̂ ${showShape(xhat!.shape)} and its cotangent ${showShape(g!.shape)} must have one shape, the variance ${showShape(v!.shape)} the kept axes' [${statsShape(xhat!.shape, p.keep).join(", ")}]`,
      );
    return [{ shape: xhat!.shape, dtype: xhat!.dtype }];
  },
  impl([xhat, v, g], p, [o]) {
    const out = allocArray(o!.dtype, xhat!.size);
    batchNormBackward(xhat!._data!, v!._data!, g!._data!, groupsOf(xhat!.shape, p.keep), p.eps, out);
    return [fromData(out, o!.shape, o!.dtype)];
  },
  jvp([xhat, v, g], [tx, tv, tg], p) {
    const out = batchNormGrad(xhat!, v!, g!, p);
    const axes = reducedAxes(xhat!.ndim, p.keep);
    const s = invStd(v!, xhat!.shape, p);
    const fromG = tg === null ? null : batchNormGrad(xhat!, v!, tg, p);
    const fromX = tx === null ? null : neg(mul(s, add(mul(tx, mean(mul(xhat!, g!), axes, true)), mul(xhat!, mean(mul(tx, g!), axes, true)))));
    const fromV = tv === null ? null : mul(mul(mul(s, s), mul(reshape(tv, statsBroadcast(xhat!.shape, p.keep)), -0.5)), out);
    return [[out], [addTangents(addTangents(fromG, fromX), fromV)]];
  },
  vjp([xhat, v, g], [out], [h], p, _r, needed) {
    const axes = reducedAxes(xhat!.ndim, p.keep);
    const s = invStd(v!, xhat!.shape, p);
    return [
      needed?.[0] === false ? null : neg(mul(s, add(mul(h!, mean(mul(xhat!, g!), axes, true)), mul(g!, mean(mul(h!, xhat!), axes, true))))),
      needed?.[1] === false ? null : reshape(mul(sum(mul(h!, out!), axes, true), mul(mul(s, s), -0.5)), statsShape(xhat!.shape, p.keep)),
      needed?.[2] === false ? null : batchNormGrad(xhat!, v!, h!, p),
    ];
  },
  testSpec: [
    { args: [{ shape: [5, 3] }, { shape: [3], domain: [0.5, 2] }, { shape: [5, 3] }], params: { keep: [1], eps: 1e-5 } },
    { args: [{ shape: [3, 2, 4] }, { shape: [2], domain: [0.5, 2] }, { shape: [3, 2, 4] }], params: { keep: [1], eps: 0.1 } },
  ],
};

/** x̄ = s ⊙ (ḡ − mean ḡ − x̂ ⊙ mean(x̂ ⊙ ḡ)) per group (the fused cotangent of `batchNorm`'s x̂). */
export function batchNormGrad(xhat: Tensor, v: Tensor, g: Tensor, p: BatchNormParams): Tensor {
  return bind1(batchNormGradP, [xhat, v, g], p);
}

registerPrimitive(batchNormGradP);
