import type { BinaryOp, UnaryOp } from "../backend.js";
import { roundHalfEven } from "./elementwise.js";
import { erf } from "./erf.js";
import { digamma, erfc, erfinv, lgamma } from "./special-functions.js";

/** A float → float elementwise operation on one element. */
export type ScalarUnary = (x: number) => number;
/** A float × float → float elementwise operation on one element. */
export type ScalarBinary = (a: number, b: number) => number;

/**
 * The float-to-float unary kernels on one element, for the scalar fast path (one-element operands
 * skip the typed arrays and the backend). Each is the body of the CPU backend's loop
 * (elementwise.ts), so both paths give the same bits; ops with a bool result are absent.
 */
export const scalarUnary: Partial<Record<UnaryOp, ScalarUnary>> = {
  neg: (x) => -x,
  exp: Math.exp,
  log: Math.log,
  log1p: Math.log1p,
  expm1: Math.expm1,
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  asin: Math.asin,
  acos: Math.acos,
  atan: Math.atan,
  sinh: Math.sinh,
  cosh: Math.cosh,
  tanh: Math.tanh,
  sqrt: Math.sqrt,
  abs: Math.abs,
  // NOTE: as the loop: sign(±0) = ±0, sign(NaN) = NaN.
  sign: (x) => (x > 0 ? 1 : x < 0 ? -1 : x),
  floor: Math.floor,
  ceil: Math.ceil,
  round: roundHalfEven,
  erf,
  lgamma,
  digamma,
  erfinv,
  erfc,
};

/**
 * The float-to-float binary kernels on one element (binary-rows.ts's loop bodies: max and min
 * propagate NaN from either side); comparisons and logical ops (bool results) are absent.
 */
export const scalarBinary: Partial<Record<BinaryOp, ScalarBinary>> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow: Math.pow,
  max: (x, y) => (y >= x || y !== y ? y : x),
  min: (x, y) => (y <= x || y !== y ? y : x),
  atan2: Math.atan2,
};
