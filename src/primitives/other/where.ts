import { DTypeError } from "../../core/errors.js";
import { broadcastShapes } from "../../core/shape.js";
import { getBackend } from "../../backend/backend.js";
import { fromData, zerosLike } from "../../tensor/creation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { bind1, noParams } from "../bind.js";
import type { Primitive } from "../primitive.js";
import { broadcastTangent } from "../rule-helpers.js";
import { unbroadcast } from "../unbroadcast.js";
import { batchElementwise } from "../batching.js";

/**
 * cond ? a : b elementwise with broadcasting. The tangent/cotangent is routed to the branch taken.
 * NOTE: the untaken branch gets a zero cotangent, but 0 · ∞ = NaN inside that branch's own rule:
 * `where(x > 0, log(x), 0)` at x = 0 needs the "double where" `log(where(x > 0, x, 1))` for a
 * finite gradient (see the README).
 */
export const whereP: Primitive = {
  name: "where",
  differentiable: true,
  vmap: batchElementwise,
  shape([c, a, b]) {
    if (c!.dtype !== "bool") throw new DTypeError(`where: the condition must be bool, got ${c!.dtype}`);
    if (a!.dtype !== b!.dtype) throw new DTypeError(`where: branches must have the same dtype, got ${a!.dtype} and ${b!.dtype}`);
    return [{ shape: broadcastShapes(c!.shape, broadcastShapes(a!.shape, b!.shape, "where"), "where"), dtype: a!.dtype }];
  },
  impl: ([c, a, b], _p, [out]) => [
    fromData(getBackend().where(c!._data!, c!.shape, a!._data!, a!.shape, b!._data!, b!.shape, out!.shape, out!.dtype), out!.shape, out!.dtype),
  ],
  jvp([c, a, b], [, ta, tb]) {
    const y = where(c!, a!, b!);
    const t = where(c!, ta ?? zerosLike(a!), tb ?? zerosLike(b!));
    return [[y], [broadcastTangent(t, y.shape)]];
  },
  vjp([c, a, b], _y, [ct]) {
    const zero = zerosLike(ct!);
    return [null, unbroadcast(where(c!, ct!, zero), a!.shape), unbroadcast(where(c!, zero, ct!), b!.shape)];
  },
  testSpec: [{ args: [{ shape: [2, 3], dtype: "bool" }, { shape: [2, 3] }, { shape: [3] }], params: {} }],
};

/** cond ? a : b (primitive). */
export function where(cond: Tensor, a: Tensor, b: Tensor): Tensor {
  return bind1(whereP, [cond, a, b], noParams);
}
