import type { Tensor } from "../../tensor/tensor.js";
import { bind1, noParams } from "../bind.js";
import { equal } from "../compare/equal.js";
import { logicalAnd } from "../compare/logical-and.js";
import { where } from "../other/where.js";
import { constant, elementwiseBinary } from "../rule-helpers.js";
import { log } from "../unary/log.js";
import { mul } from "./mul.js";
import { sub } from "./sub.js";

/**
 * a^b elementwise. ∂/∂a = b·a^(b−1), ∂/∂b = log(a)·a^b.
 * NOTE: at a = b = 0 the first partial is 0 (not 0·0^−1 = NaN): only there is a replaced by 1
 * inside it. A guard on b = 0 alone (JAX's) would also freeze the partial's own derivative there,
 * dropping ∂²/∂b∂a = 1/a at b = 0 and making Hessians asymmetric. At a = 0 the second partial is 0
 * (the limit of log(a)·a^b for b > 0), as in JAX.
 */
export const powP = elementwiseBinary({
  name: "pow",
  kernel: "pow",
  partials: (a, b, y) => {
    const zero = constant(0, a);
    const bothZero = logicalAnd(equal(a, zero), equal(b, zero));
    const da = mul(b, pow(where(bothZero, constant(1, a), a), sub(b, constant(1, b))));
    const safeA = where(equal(a, zero), constant(1, a), a);
    return [da, mul(log(safeA), y)];
  },
  testSpec: [
    { args: [{ shape: [2, 3], domain: [0.5, 2] }, { shape: [3] }], params: {} },
    { args: [{ shape: [4], domain: [0.5, 3] }, { shape: [], domain: [1, 3] }], params: {} },
  ],
});

/** a^b (primitive). */
export function pow(a: Tensor, b: Tensor): Tensor {
  return bind1(powP, [a, b], noParams);
}
