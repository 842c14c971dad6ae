import { betaincDerivative } from "../../backend/cpu/incomplete-beta.js";
import type { Tensor } from "../../tensor/tensor.js";
import { bind1 } from "../bind.js";
import type { MaybeTensor, Primitive } from "../primitive.js";
import { mul } from "../binary/mul.js";
import { addTangents } from "../rule-helpers.js";
import { mapElements, sameShapeFloat } from "./nary-kernel.js";
import { batchLeading } from "../batching.js";

/** Params of `betainc`: the orders of the partial derivative of I_x(a, b) in a, b and x (all 0 = I itself). */
export interface BetaincParams {
  readonly da: number;
  readonly db: number;
  readonly dx: number;
}

/**
 * ∂^{da}_a ∂^{db}_b ∂^{dx}_x I_x(a, b), the regularised incomplete beta function and its partial
 * derivatives, elementwise on same-shape arguments (a, b, x). Every derivative is the same primitive
 * with an order raised (dI = I_a da + I_b db + I_x dx, then again for each of them), to any order;
 * the kernel differentiates the continued fraction as jets in a and b, and uses
 * ∂I/∂x = x^{a−1}(1 − x)^{b−1}/B(a, b) in x. NOTE: float32 computes in float64.
 */
export const betaincP: Primitive<BetaincParams> = {
  name: "betainc",
  differentiable: true,
  vmap: batchLeading,
  shape: (args) => sameShapeFloat("betainc", args),
  impl: ([a, b, x], { da, db, dx }, [out]) => [mapElements([a!, b!, x!], out!, (s, t, u) => betaincDerivative(s, t, u, da, db, dx))],
  jvp([a, b, x], [ta, tb, tx], p) {
    const at = (t: MaybeTensor, q: BetaincParams): MaybeTensor => (t === null ? null : mul(t, betaincOrder(a!, b!, x!, q)));
    const t = addTangents(addTangents(at(ta!, { ...p, da: p.da + 1 }), at(tb!, { ...p, db: p.db + 1 })), at(tx!, { ...p, dx: p.dx + 1 }));
    return [[betaincOrder(a!, b!, x!, p)], [t]];
  },
  vjp: ([a, b, x], _y, [ct], p, _r, needed): MaybeTensor[] => [
    needed?.[0] === false ? null : mul(ct!, betaincOrder(a!, b!, x!, { ...p, da: p.da + 1 })),
    needed?.[1] === false ? null : mul(ct!, betaincOrder(a!, b!, x!, { ...p, db: p.db + 1 })),
    needed?.[2] === false ? null : mul(ct!, betaincOrder(a!, b!, x!, { ...p, dx: p.dx + 1 })),
  ],
  testSpec: [
    { args: [{ shape: [2, 3], domain: [0.5, 4] }, { shape: [2, 3], domain: [0.5, 4] }, { shape: [2, 3], domain: [0.05, 0.95] }], params: { da: 0, db: 0, dx: 0 } },
    { args: [{ shape: [3], domain: [0.2, 1] }, { shape: [3], domain: [2, 6] }, { shape: [3], domain: [0.5, 0.9] }], params: { da: 0, db: 0, dx: 0 } },
  ],
};

/** ∂^{da}_a ∂^{db}_b ∂^{dx}_x I_x(a, b) (primitive; arguments of one shape and float dtype). */
export function betaincOrder(a: Tensor, b: Tensor, x: Tensor, orders: BetaincParams): Tensor {
  return bind1(betaincP, [a, b, x], orders);
}
