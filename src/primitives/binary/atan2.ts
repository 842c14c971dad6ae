import type { Tensor } from "../../tensor/tensor.js";
import { bind1, noParams } from "../bind.js";
import { elementwiseBinary } from "../rule-helpers.js";
import { neg } from "../unary/neg.js";
import { add } from "./add.js";
import { div } from "./div.js";
import { mul } from "./mul.js";

/** atan2(a, b), the angle of (b, a). ∂/∂a = b/(a²+b²), ∂/∂b = −a/(a²+b²). */
export const atan2P = elementwiseBinary({
  name: "atan2",
  kernel: "atan2",
  partials: (a, b) => {
    const r2 = add(mul(a, a), mul(b, b));
    return [div(b, r2), neg(div(a, r2))];
  },
  testSpec: [{ args: [{ shape: [2, 3], domain: [0.5, 2] }, { shape: [3], domain: [-2, -0.5] }], params: {} }],
});

/** atan2(a, b) (primitive). */
export function atan2(a: Tensor, b: Tensor): Tensor {
  return bind1(atan2P, [a, b], noParams);
}
