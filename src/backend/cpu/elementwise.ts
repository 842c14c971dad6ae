import { allocArray, type DType, type TypedArray } from "../../core/dtype.js";
import { shapesEqual, sizeOf, type Shape } from "../../core/shape.js";
import type { BinaryOp, UnaryOp } from "../backend.js";
import { broadcastStrides, forEachRow } from "./broadcast-index.js";
import { erf } from "./erf.js";

type Scalar1 = (x: number) => number;
type Scalar2 = (a: number, b: number) => number;

/** Round half to even, as numpy does. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

const unaryFns: Record<UnaryOp, Scalar1> = {
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
  // NOTE: sign(0) = 0 and sign(NaN) = NaN.
  sign: (x) => (x > 0 ? 1 : x < 0 ? -1 : x),
  floor: Math.floor,
  ceil: Math.ceil,
  round: roundHalfEven,
  erf,
  logicalNot: (x) => (x ? 0 : 1),
};

const binaryFns: Record<BinaryOp, Scalar2> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow: Math.pow,
  // NOTE: max/min propagate NaN, like numpy's maximum/minimum.
  max: (a, b) => (a > b || Number.isNaN(a) ? a : b),
  min: (a, b) => (a < b || Number.isNaN(a) ? a : b),
  atan2: Math.atan2,
  less: (a, b) => (a < b ? 1 : 0),
  lessEqual: (a, b) => (a <= b ? 1 : 0),
  greater: (a, b) => (a > b ? 1 : 0),
  greaterEqual: (a, b) => (a >= b ? 1 : 0),
  equal: (a, b) => (a === b ? 1 : 0),
  notEqual: (a, b) => (a !== b ? 1 : 0),
  logicalAnd: (a, b) => (a && b ? 1 : 0),
  logicalOr: (a, b) => (a || b ? 1 : 0),
};

// One closure per op so each loop's call site stays monomorphic and V8 can inline `f`.
function makeUnaryLoop(f: Scalar1) {
  return (x: TypedArray, out: TypedArray): void => {
    for (let i = 0; i < x.length; i++) out[i] = f(x[i]!);
  };
}

function makeBinaryLoops(f: Scalar2) {
  return {
    same(a: TypedArray, b: TypedArray, out: TypedArray): void {
      for (let i = 0; i < out.length; i++) out[i] = f(a[i]!, b[i]!);
    },
    scalarRight(a: TypedArray, s: number, out: TypedArray): void {
      for (let i = 0; i < out.length; i++) out[i] = f(a[i]!, s);
    },
    scalarLeft(s: number, b: TypedArray, out: TypedArray): void {
      for (let i = 0; i < out.length; i++) out[i] = f(s, b[i]!);
    },
    strided(a: TypedArray, b: TypedArray, out: TypedArray, aShape: Shape, bShape: Shape, outShape: Shape): void {
      const sa = broadcastStrides(aShape, outShape);
      const sb = broadcastStrides(bShape, outShape);
      const ia = sa[sa.length - 1] ?? 0;
      const ib = sb[sb.length - 1] ?? 0;
      forEachRow(outShape, [sa, sb], (offs, o, n) => {
        let pa = offs[0]!;
        let pb = offs[1]!;
        for (let i = 0; i < n; i++, pa += ia, pb += ib) out[o + i] = f(a[pa]!, b[pb]!);
      });
    },
  };
}

const unaryLoops = Object.fromEntries(
  Object.entries(unaryFns).map(([k, f]) => [k, makeUnaryLoop(f)]),
) as Record<UnaryOp, ReturnType<typeof makeUnaryLoop>>;

const binaryLoops = Object.fromEntries(
  Object.entries(binaryFns).map(([k, f]) => [k, makeBinaryLoops(f)]),
) as Record<BinaryOp, ReturnType<typeof makeBinaryLoops>>;

/** Elementwise unary kernel. */
export function unary(op: UnaryOp, x: TypedArray, outDtype: DType): TypedArray {
  const out = allocArray(outDtype, x.length);
  unaryLoops[op](x, out);
  return out;
}

/** Elementwise binary kernel with broadcasting; fast paths for equal shapes and scalar operands. */
export function binary(
  op: BinaryOp, a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, outShape: Shape, outDtype: DType,
): TypedArray {
  const out = allocArray(outDtype, sizeOf(outShape));
  const loops = binaryLoops[op];
  if (a.length === out.length && b.length === out.length && shapesEqual(aShape, bShape)) loops.same(a, b, out);
  else if (b.length === 1 && a.length === out.length) loops.scalarRight(a, b[0]!, out);
  else if (a.length === 1 && b.length === out.length) loops.scalarLeft(a[0]!, b, out);
  else loops.strided(a, b, out, aShape, bShape, outShape);
  return out;
}

/** `cond ? a : b` with broadcasting. */
export function where(
  cond: TypedArray, condShape: Shape, a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, outShape: Shape,
  outDtype: DType,
): TypedArray {
  const out = allocArray(outDtype, sizeOf(outShape));
  if (cond.length === out.length && a.length === out.length && b.length === out.length) {
    for (let i = 0; i < out.length; i++) out[i] = cond[i] ? a[i]! : b[i]!;
    return out;
  }
  const sc = broadcastStrides(condShape, outShape);
  const sa = broadcastStrides(aShape, outShape);
  const sb = broadcastStrides(bShape, outShape);
  const last = outShape.length - 1;
  const ic = sc[last] ?? 0;
  const ia = sa[last] ?? 0;
  const ib = sb[last] ?? 0;
  forEachRow(outShape, [sc, sa, sb], (offs, o, n) => {
    let pc = offs[0]!;
    let pa = offs[1]!;
    let pb = offs[2]!;
    for (let i = 0; i < n; i++, pc += ic, pa += ia, pb += ib) out[o + i] = cond[pc] ? a[pa]! : b[pb]!;
  });
  return out;
}

/** Converts a typed array to another dtype (float to int truncates toward zero; nonzero, NaN included, is true). */
export function cast(x: TypedArray, dtype: DType): TypedArray {
  const out = allocArray(dtype, x.length);
  if (dtype === "bool") for (let i = 0; i < x.length; i++) out[i] = x[i] !== 0 ? 1 : 0;
  else if (dtype === "int32") for (let i = 0; i < x.length; i++) out[i] = Math.trunc(x[i]!);
  else out.set(x);
  return out;
}
