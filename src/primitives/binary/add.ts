import type { Tensor } from "../../tensor/tensor.js";
import { bind1, noParams } from "../bind.js";
import type { Primitive } from "../primitive.js";
import { addTangents, binaryImpl, binaryShape, broadcastTangent } from "../rule-helpers.js";
import { unbroadcast } from "../unbroadcast.js";
import { batchElementwise } from "../batching.js";

/** a + b with broadcasting. Linear in (a, b): the tangent is ta + tb, the cotangent goes to both. */
export const addP: Primitive = {
  name: "add",
  differentiable: true,
  vmap: batchElementwise,
  shape: ([a, b]) => binaryShape("add", a!, b!),
  impl: ([a, b], _p, [out]) => [binaryImpl("add", a!, b!, out!)],
  jvp([a, b], [ta, tb]) {
    const y = add(a!, b!);
    return [[y], [broadcastTangent(addTangents(ta!, tb!)!, y.shape)]];
  },
  vjp: ([a, b], _y, [ct]) => [unbroadcast(ct!, a!.shape), unbroadcast(ct!, b!.shape)],
  testSpec: [
    { args: [{ shape: [2, 3] }, { shape: [2, 3] }], params: {} },
    { args: [{ shape: [3, 1] }, { shape: [4] }], params: {} },
  ],
};

/** a + b (primitive; use the `add` op for numbers and dtype promotion). */
export function add(a: Tensor, b: Tensor): Tensor {
  return bind1(addP, [a, b], noParams);
}
