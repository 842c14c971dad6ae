import { getBackend } from "../../backend/backend.js";
import { fromData } from "../../tensor/creation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { bind1, noParams } from "../bind.js";
import type { Primitive } from "../primitive.js";
import { batchElementwise } from "../batching.js";

/** −x elementwise. Linear: its tangent is −t and its cotangent −ct. */
export const negP: Primitive = {
  name: "neg",
  differentiable: true,
  vmap: batchElementwise,
  shape: ([x]) => [x!],
  impl: ([x]) => [fromData(getBackend().unary("neg", x!._data!, x!.dtype), x!.shape, x!.dtype)],
  jvp: ([x], [t]) => [[neg(x!)], [neg(t!)]],
  vjp: (_x, _y, [ct]) => [neg(ct!)],
  testSpec: [{ args: [{ shape: [2, 3] }], params: {} }],
};

/** −x (primitive). */
export function neg(x: Tensor): Tensor {
  return bind1(negP, [x], noParams);
}
