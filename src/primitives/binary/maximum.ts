import type { Tensor } from "../../tensor/tensor.js";
import { bind1, noParams } from "../bind.js";
import { equal } from "../compare/equal.js";
import { greater } from "../compare/greater.js";
import { cast } from "../other/cast.js";
import { constant, elementwiseBinary } from "../rule-helpers.js";
import { add } from "./add.js";
import { mul } from "./mul.js";
import { sub } from "./sub.js";

/**
 * max(a, b) elementwise (NaN propagates).
 * NOTE: at ties a = b the derivative is shared evenly: ½ to each operand (PyTorch's convention).
 */
export const maximumP = elementwiseBinary({
  name: "maximum",
  kernel: "max",
  partials: (a, b) => {
    const wa = add(cast(greater(a, b), a.dtype), mul(constant(0.5, a), cast(equal(a, b), a.dtype)));
    return [wa, sub(constant(1, a), wa)];
  },
  testSpec: [{ args: [{ shape: [2, 3] }, { shape: [3] }], params: {} }],
});

/** max(a, b) (primitive). */
export function maximum(a: Tensor, b: Tensor): Tensor {
  return bind1(maximumP, [a, b], noParams);
}
