import { allocArray, type DType, type TypedArray } from "../../core/dtype.js";
import { sizeOf, type Shape } from "../../core/shape.js";
import type { BinaryOp, UnaryOp } from "../backend.js";
import { A_ONLY, B_ONLY, BOTH, binaryRows } from "./binary-rows.js";
import { collapseBroadcast, forEachRow } from "./broadcast-index.js";
import { erf } from "./erf.js";
import { digamma, erfc, erfinv, lgamma } from "./special-functions.js";

/** Round half to even, as numpy does. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

type UnaryLoop = (x: TypedArray, out: TypedArray) => void;

// One function literal per op, each with its own loop, so V8 inlines the operation (see binary-rows.ts).
const unaryLoops: Record<UnaryOp, UnaryLoop> = {
  neg: (x, o) => { for (let i = 0; i < x.length; i++) o[i] = -x[i]!; },
  exp: (x, o) => { for (let i = 0; i < x.length; i++) o[i] = Math.exp(x[i]!); },
  log: (x, o) => { for (let i = 0; i < x.length; i++) o[i] = Math.log(x[i]!); },
  log1p: (x, o) => { for (let i = 0; i < x.length; i++) o[i] = Math.log1p(x[i]!); },
  expm1: (x, o) => { for (let i = 0; i < x.length; i++) o[i] = Math.expm1(x[i]!); },
  sin: (x, o) => { for (let i = 0; i < x.length; i++) o[i] = Math.sin(x[i]!); },
  cos: (x, o) => { for (let i = 0; i < x.length; i++) o[i] = Math.cos(x[i]!); },
  tan: (x, o) => { for (let i = 0; i < x.length; i++) o[i] = Math.tan(x[i]!); },
  asin: (x, o) => { for (let i = 0; i < x.length; i++) o[i] = Math.asin(x[i]!); },
  acos: (x, o) => { for (let i = 0; i < x.length; i++) o[i] = Math.acos(x[i]!); },
  atan: (x, o) => { for (let i = 0; i < x.length; i++) o[i] = Math.atan(x[i]!); },
  sinh: (x, o) => { for (let i = 0; i < x.length; i++) o[i] = Math.sinh(x[i]!); },
  cosh: (x, o) => { for (let i = 0; i < x.length; i++) o[i] = Math.cosh(x[i]!); },
  tanh: (x, o) => { for (let i = 0; i < x.length; i++) o[i] = Math.tanh(x[i]!); },
  sqrt: (x, o) => { for (let i = 0; i < x.length; i++) o[i] = Math.sqrt(x[i]!); },
  abs: (x, o) => { for (let i = 0; i < x.length; i++) o[i] = Math.abs(x[i]!); },
  // NOTE: sign(0) = 0 and sign(NaN) = NaN.
  // Branch-free (see binary-rows.ts): slot 1 holds ±1, read when v is nonzero and not NaN.
  sign: (x, o) => {
    const t = new Float64Array(2);
    for (let i = 0; i < x.length; i++) {
      const v = (t[0] = x[i]!);
      t[1] = +(v > 0) - +(v < 0);
      o[i] = t[+(v > 0) | +(v < 0)]!;
    }
  },
  floor: (x, o) => { for (let i = 0; i < x.length; i++) o[i] = Math.floor(x[i]!); },
  ceil: (x, o) => { for (let i = 0; i < x.length; i++) o[i] = Math.ceil(x[i]!); },
  round: (x, o) => { for (let i = 0; i < x.length; i++) o[i] = roundHalfEven(x[i]!); },
  erf: (x, o) => { for (let i = 0; i < x.length; i++) o[i] = erf(x[i]!); },
  lgamma: (x, o) => { for (let i = 0; i < x.length; i++) o[i] = lgamma(x[i]!); },
  digamma: (x, o) => { for (let i = 0; i < x.length; i++) o[i] = digamma(x[i]!); },
  erfinv: (x, o) => { for (let i = 0; i < x.length; i++) o[i] = erfinv(x[i]!); },
  erfc: (x, o) => { for (let i = 0; i < x.length; i++) o[i] = erfc(x[i]!); },
  // NOTE: nonzero is true, NaN included (as `cast` to bool).
  logicalNot: (x, o) => { for (let i = 0; i < x.length; i++) o[i] = +(x[i] === 0); },
};

/** Elementwise unary kernel. */
export function unary(op: UnaryOp, x: TypedArray, outDtype: DType): TypedArray {
  const out = allocArray(outDtype, x.length);
  unaryLoops[op](x, out);
  return out;
}

/**
 * Elementwise binary kernel with broadcasting. Equal sizes and scalar operands run one row; other
 * broadcasts are collapsed to as few axes as possible ([N, C] with [C]: rows of C; [N, C, H, W]
 * with [1, C, 1, 1]: rows of H·W against one value) and run row by row.
 */
export function binary(
  op: BinaryOp, a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, outShape: Shape, outDtype: DType,
): TypedArray {
  const n = sizeOf(outShape);
  const out = allocArray(outDtype, n);
  const row = binaryRows[op];
  if (n === 0) return out;
  // An operand with as many elements as the output is laid out like it (its broadcast axes have size 1).
  if (a.length === n && b.length === n) row(BOTH, a, 0, b, 0, out, 0, n);
  else if (a.length === n && b.length === 1) row(A_ONLY, a, 0, b, 0, out, 0, n);
  else if (a.length === 1 && b.length === n) row(B_ONLY, a, 0, b, 0, out, 0, n);
  else {
    const { shape, strides } = collapseBroadcast(outShape, [aShape, bShape]);
    const last = shape.length - 1;
    const mode = strides[0]![last] === 0 ? B_ONLY : strides[1]![last] === 0 ? A_ONLY : BOTH;
    forEachRow(shape, strides, (offs, o, len) => row(mode, a, offs[0]!, b, offs[1]!, out, o, len));
  }
  return out;
}

/** `cond ? a : b` with broadcasting. */
export function where(
  cond: TypedArray, condShape: Shape, a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, outShape: Shape,
  outDtype: DType,
): TypedArray {
  const n = sizeOf(outShape);
  const out = allocArray(outDtype, n);
  if (n === 0) return out;
  // The pick is an index into a two-slot scratch array, not a branch (see binary-rows.ts).
  const t = new Float64Array(2);
  if (cond.length === n && a.length === n && b.length === n) {
    for (let i = 0; i < n; i++) {
      t[0] = b[i]!;
      t[1] = a[i]!;
      out[i] = t[+(cond[i] !== 0)]!;
    }
    return out;
  }
  const { shape, strides } = collapseBroadcast(outShape, [condShape, aShape, bShape]);
  const last = shape.length - 1;
  const ic = strides[0]![last] ?? 0;
  const ia = strides[1]![last] ?? 0;
  const ib = strides[2]![last] ?? 0;
  forEachRow(shape, strides, (offs, o, len) => {
    let pc = offs[0]!;
    let pa = offs[1]!;
    let pb = offs[2]!;
    for (let i = 0; i < len; i++, pc += ic, pa += ia, pb += ib) {
      t[0] = b[pb]!;
      t[1] = a[pa]!;
      out[o + i] = t[+(cond[pc] !== 0)]!;
    }
  });
  return out;
}

/** Converts a typed array to another dtype (float to int truncates toward zero; nonzero, NaN included, is true). */
export function cast(x: TypedArray, dtype: DType): TypedArray {
  const out = allocArray(dtype, x.length);
  if (dtype === "bool") for (let i = 0; i < x.length; i++) out[i] = +(x[i] !== 0);
  else if (dtype === "int32") for (let i = 0; i < x.length; i++) out[i] = Math.trunc(x[i]!);
  else out.set(x);
  return out;
}
