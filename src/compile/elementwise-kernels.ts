import type { DType } from "../core/dtype.js";
import { addP } from "../primitives/binary/add.js";
import { atan2P } from "../primitives/binary/atan2.js";
import { divP } from "../primitives/binary/div.js";
import { maximumP } from "../primitives/binary/maximum.js";
import { mulP } from "../primitives/binary/mul.js";
import { powP } from "../primitives/binary/pow.js";
import { subP } from "../primitives/binary/sub.js";
import { equalP } from "../primitives/compare/equal.js";
import { greaterEqualP } from "../primitives/compare/greater-equal.js";
import { greaterP } from "../primitives/compare/greater.js";
import { lessEqualP } from "../primitives/compare/less-equal.js";
import { lessP } from "../primitives/compare/less.js";
import { logicalAndP } from "../primitives/compare/logical-and.js";
import { logicalOrP } from "../primitives/compare/logical-or.js";
import { notEqualP } from "../primitives/compare/not-equal.js";
import { castP, type CastParams } from "../primitives/other/cast.js";
import { stopGradientP } from "../primitives/other/stop-gradient.js";
import { whereP } from "../primitives/other/where.js";
import { reluGradP, reluP } from "../ops/relu-primitive.js";
import type { AnyPrimitive } from "../primitives/primitive.js";
import { absP } from "../primitives/unary/abs.js";
import { acosP } from "../primitives/unary/acos.js";
import { asinP } from "../primitives/unary/asin.js";
import { atanP } from "../primitives/unary/atan.js";
import { ceilP } from "../primitives/unary/ceil.js";
import { cosP } from "../primitives/unary/cos.js";
import { coshP } from "../primitives/unary/cosh.js";
import { erfP } from "../primitives/unary/erf.js";
import { digammaP } from "../primitives/special/digamma.js";
import { erfcP } from "../primitives/special/erfc.js";
import { erfinvP } from "../primitives/special/erfinv.js";
import { lgammaP } from "../primitives/special/lgamma.js";
import { polygammaP, type PolygammaParams } from "../primitives/special/polygamma.js";
import { expP } from "../primitives/unary/exp.js";
import { expm1P } from "../primitives/unary/expm1.js";
import { floorP } from "../primitives/unary/floor.js";
import { logP } from "../primitives/unary/log.js";
import { log1pP } from "../primitives/unary/log1p.js";
import { logicalNotP } from "../primitives/unary/logical-not.js";
import { negP } from "../primitives/unary/neg.js";
import { roundP } from "../primitives/unary/round.js";
import { signP } from "../primitives/unary/sign.js";
import { sinP } from "../primitives/unary/sin.js";
import { sinhP } from "../primitives/unary/sinh.js";
import { sqrtP } from "../primitives/unary/sqrt.js";
import { tanP } from "../primitives/unary/tan.js";
import { tanhP } from "../primitives/unary/tanh.js";

/**
 * How generated code computes one element of an elementwise primitive: a JavaScript expression over
 * the operands' element expressions, evaluated in float64 exactly as the CPU backend's loops do.
 */
export interface ElementwiseKernel {
  /** The expression; operands are simple names or numeric literals. `params` as recorded; `dtype` the output's. */
  expr(operands: readonly string[], params: unknown, dtype: DType): string;
  /**
   * The result is already what the output dtype stores (0/1 for bool outputs, one of the operands,
   * or an integer-valued function of one): no rounding to float32 or wrapping to int32 is needed.
   */
  exact?: boolean;
}

const fn1 = (name: string): ElementwiseKernel => ({ expr: ([a]) => `${name}(${a})` });
const infix = (op: string): ElementwiseKernel => ({ expr: ([a, b]) => `(${a} ${op} ${b})` });
const test = (op: string): ElementwiseKernel => ({ expr: ([a, b]) => `(${a} ${op} ${b} ? 1 : 0)`, exact: true });

/**
 * The elementwise primitives generated code computes inline, with the CPU backend's semantics
 * (`backend/cpu/elementwise.ts`): sign(0) = 0, maximum propagates NaN, round is half-to-even, and
 * `rt.erf` / `rt.roundHalfEven` are the backend's own functions.
 */
export const elementwiseKernels = new Map<AnyPrimitive, ElementwiseKernel>([
  [negP, { expr: ([a]) => `(-${a})` }],
  [expP, fn1("Math.exp")],
  [logP, fn1("Math.log")],
  [log1pP, fn1("Math.log1p")],
  [expm1P, fn1("Math.expm1")],
  [sinP, fn1("Math.sin")],
  [cosP, fn1("Math.cos")],
  [tanP, fn1("Math.tan")],
  [asinP, fn1("Math.asin")],
  [acosP, fn1("Math.acos")],
  [atanP, fn1("Math.atan")],
  [sinhP, fn1("Math.sinh")],
  [coshP, fn1("Math.cosh")],
  [tanhP, fn1("Math.tanh")],
  [sqrtP, fn1("Math.sqrt")],
  [absP, fn1("Math.abs")],
  [erfP, fn1("rt.erf")],
  [lgammaP, fn1("rt.lgamma")],
  [digammaP, fn1("rt.digamma")],
  [polygammaP, { expr: ([a], p) => `rt.polygamma(${(p as PolygammaParams).n}, ${a})` }],
  [erfinvP, fn1("rt.erfinv")],
  [erfcP, fn1("rt.erfc")],
  [signP, { expr: ([a]) => `(${a} > 0 ? 1 : ${a} < 0 ? -1 : ${a})` }],
  [floorP, fn1("Math.floor")],
  [ceilP, fn1("Math.ceil")],
  [roundP, fn1("rt.roundHalfEven")],
  [logicalNotP, { expr: ([a]) => `(${a} ? 0 : 1)`, exact: true }],
  [addP, infix("+")],
  [subP, infix("-")],
  // int32 products wrap modulo 2³² like the backend's (Math.imul); a float64 product loses the low bits.
  [mulP, { expr: ([a, b], _p, dtype) => (dtype === "int32" ? `Math.imul(${a}, ${b})` : `(${a} * ${b})`) }],
  [divP, infix("/")],
  [powP, { expr: ([a, b]) => `Math.pow(${a}, ${b})` }],
  // NOTE: maximum propagates NaN like numpy (and the backend): a > b, or a is NaN, picks a.
  [maximumP, { expr: ([a, b]) => `(${a} > ${b} || ${a} !== ${a} ? ${a} : ${b})`, exact: true }],
  [atan2P, { expr: ([a, b]) => `Math.atan2(${a}, ${b})` }],
  [lessP, test("<")],
  [lessEqualP, test("<=")],
  [greaterP, test(">")],
  [greaterEqualP, test(">=")],
  [equalP, test("===")],
  [notEqualP, test("!==")],
  [logicalAndP, { expr: ([a, b]) => `(${a} && ${b} ? 1 : 0)`, exact: true }],
  [logicalOrP, { expr: ([a, b]) => `(${a} || ${b} ? 1 : 0)`, exact: true }],
  [whereP, { expr: ([c, a, b]) => `(${c} ? ${a} : ${b})`, exact: true }],
  [reluP, { expr: ([a]) => `(${a} <= 0 ? 0 : ${a})`, exact: true }],
  [reluGradP, { expr: ([y, g]) => `(${y} <= 0 ? 0 : ${g})`, exact: true }],
  [stopGradientP, { expr: ([a]) => a!, exact: true }],
  [castP, { expr: ([a], p) => ((p as CastParams).dtype === "bool" ? `(${a} !== 0 ? 1 : 0)` : a!) }],
]);

/**
 * Wraps an element expression so its value is what a typed array of `dtype` would store:
 * Math.fround for float32 (one rounding per primitive, as the interpreter's Float32Array results),
 * ToInt32 for int32, ToUint8 for bool; float64 is the expression itself.
 */
export function storeAs(dtype: DType, expr: string): string {
  switch (dtype) {
    case "float64":
      return expr;
    case "float32":
      return `Math.fround(${expr})`;
    case "int32":
      return `(${expr} | 0)`;
    case "bool":
      return `(${expr} & 255)`;
  }
}
