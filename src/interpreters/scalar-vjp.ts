import { addP } from "../primitives/binary/add.js";
import { divP } from "../primitives/binary/div.js";
import { mulP } from "../primitives/binary/mul.js";
import { subP } from "../primitives/binary/sub.js";
import type { AnyPrimitive } from "../primitives/primitive.js";
import { cosP } from "../primitives/unary/cos.js";
import { expP } from "../primitives/unary/exp.js";
import { logP } from "../primitives/unary/log.js";
import { negP } from "../primitives/unary/neg.js";
import { sinP } from "../primitives/unary/sin.js";
import { sqrtP } from "../primitives/unary/sqrt.js";
import { tanhP } from "../primitives/unary/tanh.js";

/**
 * A primitive's vjp on float64 numbers: from the output cotangent `ct`, the inputs `a` (and `b`)
 * and the output `y`, writes the input cotangents into `out[0]` (and `out[1]`).
 */
export type ScalarVjp = (ct: number, a: number, b: number, y: number, out: Float64Array) => void;

/**
 * The vjp rules of the common elementwise primitives on one-element float64 values, for the
 * backward sweep's scalar path (no tensor, no dispatch, no allocation per node).
 *
 * NOTE: each rule performs exactly the float64 operations of the primitive's own `vjp` rule, in the
 * same order (ct·d where the rule computes mul(ct, d)), so the scalar path is bit-identical to the
 * general one; test/interpreters/scalar-sweep.test.ts compares them on random programs.
 */
const rules = new Map<AnyPrimitive, ScalarVjp>([
  // d(a + b) = da + db.
  [addP, (ct, _a, _b, _y, out) => ((out[0] = ct), (out[1] = ct))],
  // d(a − b) = da − db.
  [subP, (ct, _a, _b, _y, out) => ((out[0] = ct), (out[1] = -ct))],
  // d(ab) = da·b + a·db.
  [mulP, (ct, a, b, _y, out) => ((out[0] = ct * b), (out[1] = a * ct))],
  // d(a/b) = da·(1/b) − db·(y/b).
  [divP, (ct, _a, b, y, out) => ((out[0] = ct * (1 / b)), (out[1] = ct * -(y / b)))],
  // d(−x) = −dx.
  [negP, (ct, _a, _b, _y, out) => (out[0] = -ct)],
  // d ln x = dx / x.
  [logP, (ct, a, _b, _y, out) => (out[0] = ct / a)],
  // d eˣ = eˣ dx.
  [expP, (ct, _a, _b, y, out) => (out[0] = ct * y)],
  // d sin x = cos x dx.
  [sinP, (ct, a, _b, _y, out) => (out[0] = ct * Math.cos(a))],
  // d cos x = −sin x dx.
  [cosP, (ct, a, _b, _y, out) => (out[0] = ct * -Math.sin(a))],
  // d tanh x = (1 − y²) dx.
  [tanhP, (ct, _a, _b, y, out) => (out[0] = ct * (1 - y * y))],
  // d √x = dx · 0.5/y.
  [sqrtP, (ct, _a, _b, y, out) => (out[0] = ct * (0.5 / y))],
]);

/** The float64 scalar vjp of `prim`, or undefined when it has none (the sweep then runs its rule). */
export function scalarVjpOf(prim: AnyPrimitive): ScalarVjp | undefined {
  return rules.get(prim);
}
