import { scalarBinary, scalarUnary } from "../backend/cpu/scalar-ops.js";
import { addP } from "../primitives/binary/add.js";
import { divP } from "../primitives/binary/div.js";
import { mulP } from "../primitives/binary/mul.js";
import { subP } from "../primitives/binary/sub.js";
import type { AnyPrimitive } from "../primitives/primitive.js";
import type { ScalarRule, ScalarVjp } from "../primitives/scalar-rule.js";
import { cosP } from "../primitives/unary/cos.js";
import { expP } from "../primitives/unary/exp.js";
import { logP } from "../primitives/unary/log.js";
import { negP } from "../primitives/unary/neg.js";
import { sinP } from "../primitives/unary/sin.js";
import { sqrtP } from "../primitives/unary/sqrt.js";
import { tanhP } from "../primitives/unary/tanh.js";

export type { ScalarRule, ScalarVjp } from "../primitives/scalar-rule.js";

/**
 * Op codes of the scalar rules on the compact tape (scalar-tape.ts), which sweeps them with a switch;
 * 0 marks a tape's leaf (an input), not an op.
 */
export const ScalarOp = { leaf: 0, add: 1, sub: 2, mul: 3, div: 4, neg: 5, log: 6, exp: 7, sin: 8, cos: 9, tanh: 10, sqrt: 11 } as const;

// NOTE: a unary rule's value is the kernel itself (called with an unused second argument), not a wrapper: one call less per op.
const unary = (prim: AnyPrimitive, op: keyof typeof scalarUnary & keyof typeof ScalarOp, vjp: ScalarVjp): ScalarRule => ({
  prim,
  code: ScalarOp[op],
  value: scalarUnary[op]!,
  vjp,
});
const binary = (prim: AnyPrimitive, op: keyof typeof scalarBinary & keyof typeof ScalarOp, vjp: ScalarVjp): ScalarRule => ({
  prim,
  code: ScalarOp[op],
  value: scalarBinary[op]!,
  vjp,
});

/**
 * The common elementwise primitives on one-element float64 values, for reverse mode's scalar path:
 * the recorder computes their values without dispatch, and the backward sweep their input
 * cotangents as numbers (no tensor, no dispatch, no allocation per node).
 *
 * NOTE: values are the backend's own scalar kernels (scalar-ops.ts), and each vjp performs exactly
 * the float64 operations of the primitive's own `vjp` rule, in the same order (ct·d where the rule
 * computes mul(ct, d)), so the scalar path is bit-identical to the general one;
 * test/interpreters/scalar-sweep.test.ts compares them on random programs.
 */
const rules = new Map<AnyPrimitive, ScalarRule>([
  // d(a + b) = da + db.
  [addP, binary(addP, "add", (ct, _a, _b, _y, out) => ((out[0] = ct), (out[1] = ct)))],
  // d(a − b) = da − db.
  [subP, binary(subP, "sub", (ct, _a, _b, _y, out) => ((out[0] = ct), (out[1] = -ct)))],
  // d(ab) = da·b + a·db.
  [mulP, binary(mulP, "mul", (ct, a, b, _y, out) => ((out[0] = ct * b), (out[1] = a * ct)))],
  // d(a/b) = da·(1/b) − db·(y/b).
  [divP, binary(divP, "div", (ct, _a, b, y, out) => ((out[0] = ct * (1 / b)), (out[1] = ct * -(y / b))))],
  // d(−x) = −dx.
  [negP, unary(negP, "neg", (ct, _a, _b, _y, out) => (out[0] = -ct))],
  // d ln x = dx / x.
  [logP, unary(logP, "log", (ct, a, _b, _y, out) => (out[0] = ct / a))],
  // d eˣ = eˣ dx.
  [expP, unary(expP, "exp", (ct, _a, _b, y, out) => (out[0] = ct * y))],
  // d sin x = cos x dx.
  [sinP, unary(sinP, "sin", (ct, a, _b, _y, out) => (out[0] = ct * Math.cos(a)))],
  // d cos x = −sin x dx.
  [cosP, unary(cosP, "cos", (ct, a, _b, _y, out) => (out[0] = ct * -Math.sin(a)))],
  // d tanh x = (1 − y²) dx.
  [tanhP, unary(tanhP, "tanh", (ct, _a, _b, y, out) => (out[0] = ct * (1 - y * y)))],
  // d √x = dx · 0.5/y.
  [sqrtP, unary(sqrtP, "sqrt", (ct, _a, _b, y, out) => (out[0] = ct * (0.5 / y)))],
]);

const opCount = Object.keys(ScalarOp).length;
/** The primitive of each op code (index = code; 0, the leaf marker, has none). */
export const primOfScalarOp: readonly (AnyPrimitive | undefined)[] = new Array<AnyPrimitive | undefined>(opCount).fill(undefined);
/** The vjp on numbers of each op code (index = code), for the compact tape's sweep. */
export const vjpOfScalarOp: readonly (ScalarVjp | undefined)[] = new Array<ScalarVjp | undefined>(opCount).fill(undefined);
const ruleOfScalarOp = new Array<ScalarRule | undefined>(opCount).fill(undefined);
for (const [prim, rule] of rules) {
  ruleOfScalarOp[rule.code] = rule;
  (primOfScalarOp as (AnyPrimitive | undefined)[])[rule.code] = prim;
  (vjpOfScalarOp as (ScalarVjp | undefined)[])[rule.code] = rule.vjp;
}

let scalarPathOn = true;

/**
 * @internal Turns reverse mode's scalar path (recording and sweep) on or off; on by default, off
 * only in tests that compare it with the general path. Returns the previous setting.
 */
export function setScalarPath(on: boolean): boolean {
  const prev = scalarPathOn;
  scalarPathOn = on;
  return prev;
}

/** The float64 scalar rule of `prim`, or undefined when it has none or the path is off (reverse mode then runs its own rules). */
export function scalarRuleOf(prim: AnyPrimitive): ScalarRule | undefined {
  return scalarPathOn ? rules.get(prim) : undefined;
}

/**
 * The scalar rule of op code `code` (a `ScalarOp` entry), or undefined when the path is off: what the
 * ops' scalar entry (ops/scalar-entry.ts) hands to `bindScalar`, without a map lookup.
 */
export function scalarRuleByCode(code: number): ScalarRule | undefined {
  return scalarPathOn ? ruleOfScalarOp[code] : undefined;
}
