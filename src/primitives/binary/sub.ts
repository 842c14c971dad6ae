import type { Tensor } from "../../tensor/tensor.js";
import { bind1, noParams } from "../bind.js";
import type { Primitive } from "../primitive.js";
import { addTangents, binaryImpl, binaryShape, broadcastTangent } from "../rule-helpers.js";
import { neg } from "../unary/neg.js";
import { unbroadcast } from "../unbroadcast.js";
import { batchElementwise } from "../batching.js";

/** a − b with broadcasting. Linear: d(a − b) = da − db. */
export const subP: Primitive = {
  name: "sub",
  differentiable: true,
  vmap: batchElementwise,
  shape: ([a, b]) => binaryShape("sub", a!, b!),
  impl: ([a, b], _p, [out]) => [binaryImpl("sub", a!, b!, out!)],
  jvp([a, b], [ta, tb]) {
    const y = sub(a!, b!);
    const t = ta !== null && tb !== null ? sub(ta, tb) : addTangents(ta, tb === null ? null : neg(tb));
    return [[y], [broadcastTangent(t!, y.shape)]];
  },
  vjp: ([a, b], _y, [ct]) => [unbroadcast(ct!, a!.shape), unbroadcast(neg(ct!), b!.shape)],
  testSpec: [{ args: [{ shape: [2, 3] }, { shape: [3] }], params: {} }],
};

/** a − b (primitive). */
export function sub(a: Tensor, b: Tensor): Tensor {
  return bind1(subP, [a, b], noParams);
}
