import { allocArray } from "../../core/dtype.js";
import { polygamma as polygammaScalar } from "../../backend/cpu/special-functions.js";
import { fromData } from "../../tensor/creation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { bind1 } from "../bind.js";
import type { Primitive } from "../primitive.js";
import { mul } from "../binary/mul.js";
import { requireFloat } from "../rule-helpers.js";
import { batchElementwise } from "../batching.js";

/** Params of `polygamma`: the order n ≥ 0 of the derivative of ψ. */
export interface PolygammaParams {
  readonly n: number;
}

/**
 * The polygamma function ψ⁽ⁿ⁾(x), elementwise, with the order n as a param. dψ⁽ⁿ⁾(x) = ψ⁽ⁿ⁺¹⁾(x) dx,
 * so every derivative is another polygamma. NOTE: its kernel is the JS one on every backend (the
 * order is a param, which the backends' unary kernels do not take); float32 computes in float64.
 */
export const polygammaP: Primitive<PolygammaParams> = {
  name: "polygamma",
  differentiable: true,
  vmap: batchElementwise,
  shape([x]) {
    requireFloat("polygamma", x!);
    return [x!];
  },
  impl([x], { n }, [out]) {
    const src = x!._data!;
    const data = allocArray(out!.dtype, src.length);
    for (let i = 0; i < src.length; i++) data[i] = polygammaScalar(n, src[i]!);
    return [fromData(data, x!.shape, out!.dtype)];
  },
  jvp([x], [t], { n }) {
    return [[polygamma(n, x!)], [mul(t!, polygamma(n + 1, x!))]];
  },
  vjp: ([x], _y, [ct], { n }) => [mul(ct!, polygamma(n + 1, x!))],
  testSpec: [
    { args: [{ shape: [2, 3], domain: [0.5, 4] }], params: { n: 1 } },
    { args: [{ shape: [3], domain: [0.5, 3] }], params: { n: 2 } },
    { args: [{ shape: [3], domain: [-0.9, -0.1] }], params: { n: 1 } },
  ],
};

/** ψ⁽ⁿ⁾(x) for an integer n ≥ 0 (primitive; n is not checked here). */
export function polygamma(n: number, x: Tensor): Tensor {
  return bind1(polygammaP, [x], { n });
}
