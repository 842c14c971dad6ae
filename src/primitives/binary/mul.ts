import type { Tensor } from "../../tensor/tensor.js";
import { bind1, noParams } from "../bind.js";
import type { Primitive } from "../primitive.js";
import { addTangents, binaryImpl, binaryShape, broadcastTangent } from "../rule-helpers.js";
import { unbroadcast } from "../unbroadcast.js";
import { batchElementwise } from "../batching.js";

/** a · b elementwise with broadcasting. Bilinear: d(ab) = da·b + a·db. */
export const mulP: Primitive = {
  name: "mul",
  differentiable: true,
  vmap: batchElementwise,
  shape: ([a, b]) => binaryShape("mul", a!, b!),
  impl: ([a, b], _p, [out]) => [binaryImpl("mul", a!, b!, out!)],
  jvp([a, b], [ta, tb]) {
    const y = mul(a!, b!);
    const t = addTangents(ta === null ? null : mul(ta, b!), tb === null ? null : mul(a!, tb));
    return [[y], [broadcastTangent(t!, y.shape)]];
  },
  vjp: ([a, b], _y, [ct]) => [unbroadcast(mul(ct!, b!), a!.shape), unbroadcast(mul(a!, ct!), b!.shape)],
  testSpec: [
    { args: [{ shape: [2, 3] }, { shape: [2, 3] }], params: {} },
    { args: [{ shape: [2, 1] }, { shape: [] }], params: {} },
  ],
};

/** a · b (primitive). */
export function mul(a: Tensor, b: Tensor): Tensor {
  return bind1(mulP, [a, b], noParams);
}
