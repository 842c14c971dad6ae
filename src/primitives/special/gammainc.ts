import { gammaincDerivative, gammaincc as gammainccScalar } from "../../backend/cpu/incomplete-gamma.js";
import type { Tensor } from "../../tensor/tensor.js";
import { bind1, noParams } from "../bind.js";
import type { MaybeTensor, Primitive } from "../primitive.js";
import { mul } from "../binary/mul.js";
import { neg } from "../unary/neg.js";
import { addTangents } from "../rule-helpers.js";
import { mapElements, sameShapeFloat } from "./nary-kernel.js";
import { batchLeading } from "../batching.js";

/** Params of `gammainc`: the orders of the partial derivative of P(a, x) taken in a and in x (0, 0 = P itself). */
export interface GammaincParams {
  readonly da: number;
  readonly dx: number;
}

/**
 * ∂^{da}_a ∂^{dx}_x P(a, x), the regularised lower incomplete gamma function and its partial
 * derivatives, elementwise on same-shape arguments. Every derivative is the same primitive with an
 * order raised: d(∂^i_a ∂^j_x P) = ∂^{i+1}_a ∂^j_x P da + ∂^i_a ∂^{j+1}_x P dx, to any order; the
 * kernel differentiates its series and continued fraction as jets in a, and uses
 * ∂P/∂x = x^{a−1}e⁻ˣ/Γ(a) in x. NOTE: float32 computes in float64.
 */
export const gammaincP: Primitive<GammaincParams> = {
  name: "gammainc",
  differentiable: true,
  vmap: batchLeading,
  shape: (args) => sameShapeFloat("gammainc", args),
  impl: ([a, x], { da, dx }, [out]) => [mapElements([a!, x!], out!, (s, t) => gammaincDerivative(s, t, da, dx))],
  jvp([a, x], [ta, tx], p) {
    const t = addTangents(ta === null ? null : mul(ta, gammaincOrder(a!, x!, p.da + 1, p.dx)), tx === null ? null : mul(tx, gammaincOrder(a!, x!, p.da, p.dx + 1)));
    return [[gammaincOrder(a!, x!, p.da, p.dx)], [t]];
  },
  vjp: ([a, x], _y, [ct], p, _r, needed): MaybeTensor[] => [
    needed?.[0] === false ? null : mul(ct!, gammaincOrder(a!, x!, p.da + 1, p.dx)),
    needed?.[1] === false ? null : mul(ct!, gammaincOrder(a!, x!, p.da, p.dx + 1)),
  ],
  testSpec: [
    { args: [{ shape: [2, 3], domain: [0.5, 4] }, { shape: [2, 3], domain: [0.2, 6] }], params: { da: 0, dx: 0 } },
    { args: [{ shape: [4], domain: [0.05, 0.4] }, { shape: [4], domain: [0.05, 1] }], params: { da: 0, dx: 0 } },
    { args: [{ shape: [3], domain: [1, 3] }, { shape: [3], domain: [0.5, 4] }], params: { da: 1, dx: 0 } },
  ],
};

/** ∂^{da}_a ∂^{dx}_x P(a, x) (primitive; arguments of one shape and float dtype). */
export function gammaincOrder(a: Tensor, x: Tensor, da: number, dx: number): Tensor {
  return bind1(gammaincP, [a, x], { da, dx });
}

/**
 * Q(a, x) = 1 − P(a, x), the regularised upper incomplete gamma function, elementwise (its own
 * kernel keeps Q's relative accuracy where P ≈ 1). dQ = −(∂P/∂a da + ∂P/∂x dx).
 */
export const gammainccP: Primitive = {
  name: "gammaincc",
  differentiable: true,
  vmap: batchLeading,
  shape: (args) => sameShapeFloat("gammaincc", args),
  impl: ([a, x], _p, [out]) => [mapElements([a!, x!], out!, gammainccScalar)],
  jvp([a, x], [ta, tx]) {
    const t = addTangents(ta === null ? null : mul(ta, gammaincOrder(a!, x!, 1, 0)), tx === null ? null : mul(tx, gammaincOrder(a!, x!, 0, 1)));
    return [[bind1(gammainccP, [a!, x!], noParams)], [t === null ? null : neg(t)]];
  },
  vjp: ([a, x], _y, [ct], _p, _r, needed): MaybeTensor[] => [
    needed?.[0] === false ? null : neg(mul(ct!, gammaincOrder(a!, x!, 1, 0))),
    needed?.[1] === false ? null : neg(mul(ct!, gammaincOrder(a!, x!, 0, 1))),
  ],
  testSpec: [
    { args: [{ shape: [2, 3], domain: [0.5, 4] }, { shape: [2, 3], domain: [0.2, 8] }], params: {} },
    { args: [{ shape: [4], domain: [0.05, 0.4] }, { shape: [4], domain: [0.05, 1] }], params: {} },
  ],
};

/** Q(a, x) (primitive; arguments of one shape and float dtype). */
export function gammaincc(a: Tensor, x: Tensor): Tensor {
  return bind1(gammainccP, [a, x], noParams);
}
