import type { DType, TypedArray } from "../../core/dtype.js";
import { shapesEqual, sizeOf, type Shape } from "../../core/shape.js";
import type { BinaryOp, ReduceOp, UnaryOp } from "../backend.js";
import { collapseBroadcast } from "../cpu/broadcast-index.js";
import { reduceGroups } from "../cpu/reduce.js";
import type { Arena } from "./arena.js";
import { wasmStorage } from "./arena-call.js";
import { STREAM_CHUNK_BYTES, streamBinary, streamRows, streamUnary } from "./elementwise-stream.js";
import type { WasmKernels } from "./module.js";
import { streamingKernels } from "./plain-kernels.js";

/**
 * Tuning of the elementwise paths. Below `minElements` the JS loops win: a wasm call costs a
 * copy in and out plus the call (~1 µs). Tests set it to 0 to run every size through wasm.
 */
export const wasmElementwiseTuning = { minElements: 2048 };

const BINARY_CODES: Partial<Record<BinaryOp, number>> = { add: 0, sub: 1, mul: 2, div: 3, max: 4, min: 5 };
const COMPARE_CODES: Partial<Record<BinaryOp, number>> = { less: 0, lessEqual: 1, greater: 2, greaterEqual: 3, equal: 4, notEqual: 5 };

/** Bytes for `n` elements rounded up to whole 16-byte vectors (the kernels run whole vectors). */
const padded = (n: number, size: number): number => Math.ceil((n * size) / 16) * 16;
/** float32 elements per block of `sumOuterInnerF32`'s streamed calls (128 KiB). */
const SUM_CHUNK_ELEMENTS = 32768;

/**
 * Whether a result of `bytes` is copied out of wasm memory (not kept there as a storage view) and
 * neither operand lives there: then the streamed paths run (elementwise-stream.ts).
 */
function streams(bytes: number, a: TypedArray, b: TypedArray): boolean {
  const s = wasmStorage();
  return s === null || (!s.canAdopt(bytes) && !s.owns(a) && !s.owns(b));
}

/** `x` in wasm memory, rounded up to whole vectors: in place when it is a storage view (see `Arena.copyIn`). */
function copyInPadded(arena: Arena, x: TypedArray): number {
  return arena.copyIn(x);
}

/**
 * exp/log/tanh in wasm (float64: exp and tanh); null when not handled. float32 exp and tanh: in
 * float32 arithmetic, within 1 ulp of the JS kernels (assembly/exp-f32.ts; compile's generated kernels
 * give the same bits); float32 log: through float64, equal to the JS kernel but within ~1e-14 of a
 * rounding boundary. float64: within 1 ulp of Math.exp (fdlibm), 3 ulp of Math.tanh.
 */
export function wasmUnary(k: WasmKernels, arena: Arena, op: UnaryOp, x: TypedArray, outDtype: DType): TypedArray | null {
  if (op !== "exp" && op !== "log" && op !== "tanh") return null;
  const f32 = x instanceof Float32Array && outDtype === "float32";
  // NOTE: float64 log stays on Math.log: a SIMD log with the copies measured no faster.
  const f64 = x instanceof Float64Array && outDtype === "float64" && op !== "log";
  if ((!f32 && !f64) || x.length < wasmElementwiseTuning.minElements) return null;
  const e = k.exports;
  if (streams(x.byteLength, x, x)) {
    const { kernels: sk, arena: sa } = streamingKernels(k, arena);
    const s = sk.exports;
    const kernel = f32 ? ({ exp: s.expF32, log: s.logF32, tanh: s.tanhF32 })[op] : op === "exp" ? s.expF64 : s.tanhF64;
    return streamUnary(sk, sa, kernel, x as Float32Array | Float64Array);
  }
  arena.reset();
  const px = copyInPadded(arena, x);
  if (f32) {
    const po = arena.alloc(padded(x.length, 4));
    ({ exp: e.expF32, log: e.logF32, tanh: e.tanhF32 })[op](px, po, x.length);
    return arena.copyOut(Float32Array, po, x.length);
  }
  const po = arena.alloc(padded(x.length, 8));
  (op === "exp" ? e.expF64 : e.tanhF64)(px, po, x.length);
  return arena.copyOut(Float64Array, po, x.length);
}

/** add/sub/mul/div/max/min of two float arrays of one dtype, any broadcast; null when not handled. */
export function wasmBinary(
  k: WasmKernels, arena: Arena, op: BinaryOp, a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, outShape: Shape, outDtype: DType,
): TypedArray | null {
  if (COMPARE_CODES[op] !== undefined) return wasmCompare(k, arena, COMPARE_CODES[op], a, aShape, b, bShape, outShape);
  const code = BINARY_CODES[op];
  if (code === undefined) return null;
  const f32 = a instanceof Float32Array && b instanceof Float32Array && outDtype === "float32";
  const f64 = a instanceof Float64Array && b instanceof Float64Array && outDtype === "float64";
  if (!f32 && !f64) return null;
  const n = sizeOf(outShape);
  if (n < wasmElementwiseTuning.minElements) return null;
  const len = outShape.length ? outShape[outShape.length - 1]! : 1;
  let mode: number;
  if (a.length === n && b.length === n && shapesEqual(aShape, bShape)) mode = 0;
  else if (b.length === 1 && a.length === n) mode = 1;
  else if (a.length === 1 && b.length === n) mode = 2;
  else if (a.length === n && isRow(bShape, len) && shapesEqual(aShape, outShape)) mode = 3;
  else if (b.length === n && isRow(aShape, len) && shapesEqual(bShape, outShape)) mode = 4;
  else if (n <= 1) return null;
  else mode = 5; // any other broadcast, collapsed to as few axes as possible
  if ((mode <= 2 || (mode <= 4 && len * (f32 ? 4 : 8) <= STREAM_CHUNK_BYTES)) && streams(n * (f32 ? 4 : 8), a, b)) {
    const [fa, fb] = [a as Float32Array | Float64Array, b as Float32Array | Float64Array];
    const { kernels: sk, arena: sa } = streamingKernels(k, arena);
    const s = sk.exports;
    if (mode <= 2) return streamBinary(sk, sa, f32 ? s.binaryF32 : s.binaryF64, code, mode as 0 | 1 | 2, fa, fb);
    return streamRows(sk, sa, f32 ? s.binaryRowsF32 : s.binaryRowsF64, code, mode as 3 | 4, fa, fb, len);
  }
  arena.reset();
  const pa = copyInPadded(arena, a);
  const pb = b === a ? pa : copyInPadded(arena, b); // x·x, x + x: one copy
  const size = f32 ? 4 : 8;
  const po = arena.alloc(padded(n, size));
  if (mode <= 2) (f32 ? k.exports.binaryF32 : k.exports.binaryF64)(code, mode, pa, pb, po, n);
  else if (mode <= 4) (f32 ? k.exports.binaryRowsF32 : k.exports.binaryRowsF64)(code, mode, pa, pb, po, n / len, len);
  else {
    const { shape, strides } = collapseBroadcast(outShape, [aShape, bShape]);
    const nd = shape.length;
    // sizes, a's strides, b's strides, then room for the kernel's odometer
    const pd = arena.alloc(16 * nd);
    arena.view(Int32Array, pd, 3 * nd).set([shape, ...strides].flat());
    (f32 ? k.exports.binaryBroadcastF32 : k.exports.binaryBroadcastF64)(code, pa, pb, po, nd, pd);
  }
  return f32 ? arena.copyOut(Float32Array, po, n) : arena.copyOut(Float64Array, po, n);
}

/** True when `shape` is one row of length `len` (leading axes of size 1): broadcast along every row. */
function isRow(shape: Shape, len: number): boolean {
  if (shape.length === 0 || shape[shape.length - 1] !== len || len <= 1) return false;
  for (let i = 0; i < shape.length - 1; i++) if (shape[i] !== 1) return false;
  return true;
}

/** sum/max/min of float arrays over trailing axes (rows), or sum over leading axes (columns), or a float32 sum over both around kept axes; null when not handled. */
export function wasmReduce(k: WasmKernels, arena: Arena, op: ReduceOp, x: TypedArray, shape: Shape, axes: readonly number[]): TypedArray | null {
  const f32 = x instanceof Float32Array;
  if (!f32 && !(x instanceof Float64Array)) return null;
  if (x.length < wasmElementwiseTuning.minElements) return null;
  if (op === "min" && !axes.every((a, j) => a === shape.length - axes.length + j)) return null;
  if (op === "sum" && axes.length > 0 && axes.length < shape.length && axes.every((a, j) => a === j)) {
    // Leading axes: column sums (a bias gradient).
    let rows = 1;
    for (const a of axes) rows *= shape[a]!;
    const len = x.length / rows;
    if (rows === 0 || len === 0) return null;
    arena.reset();
    const px = copyInPadded(arena, x);
    const po = arena.alloc(padded(len, 8));
    if (f32) {
      k.exports.sumColsF32(px, po, rows, len, arena.alloc(padded(len + 4, 8)));
      return arena.copyOut(Float32Array, po, len);
    }
    k.exports.sumColsF64(px, po, rows, len);
    return arena.copyOut(Float64Array, po, len);
  }
  if (!axes.every((a, j) => a === shape.length - axes.length + j)) {
    // Leading and trailing axes reduced around kept ones (a convolution's bias gradient over [0, 2, 3]).
    if (op !== "sum" || !(x instanceof Float32Array)) return null;
    const g = outerInner(shape, axes);
    return g === null ? null : sumOuterInner(k, arena, x, g);
  }
  let len = 1;
  for (const a of axes) len *= shape[a]!;
  if (len === 0) return null;
  const rows = x.length / len;
  arena.reset();
  const px = arena.copyIn(x);
  const po = arena.alloc(rows * (f32 ? 4 : 8));
  const e = k.exports;
  const fn = { sum: f32 ? e.sumRowsF32 : e.sumRowsF64, max: f32 ? e.maxRowsF32 : e.maxRowsF64, min: f32 ? e.minRowsF32 : e.minRowsF64 }[op];
  fn(px, po, rows, len);
  return f32 ? arena.copyOut(Float32Array, po, rows) : arena.copyOut(Float64Array, po, rows);
}

/**
 * out[c] = Σ x[o, c, e] over o and e of float32 x viewed as [outer, count, inner] (`sumOuterInnerF32`).
 * NOTE: streamed, a block of o at a time (~128 KiB): the block stays in L2 from its copy in through
 * the kernel, instead of a whole-array copy crossing DRAM twice (the CNN's first bias gradient reads 6.4 MB).
 */
function sumOuterInner(k: WasmKernels, arena: Arena, x: Float32Array, g: { outer: number; count: number; inner: number }): Float32Array {
  arena.reset();
  const slab = g.count * g.inner;
  const per = Math.max(1, Math.min(g.outer, Math.floor(SUM_CHUNK_ELEMENTS / slab)));
  const px = arena.alloc(padded(per * slab, 4));
  const po = arena.alloc(padded(g.count, 4));
  const acc = arena.alloc(g.count * 8);
  const view = arena.view(Float32Array, px, per * slab);
  for (let o = 0; o < g.outer; o += per) {
    const m = Math.min(per, g.outer - o);
    view.set(m === g.outer ? x : x.subarray(o * slab, (o + m) * slab));
    k.exports.sumOuterInnerF32(px, po, m, g.count, g.inner, acc, o === 0 ? 1 : 0);
  }
  return arena.copyOut(Float32Array, po, g.count);
}

/** [outer, count, inner] when `shape`'s axes group (`reduceGroups`) as reduced, kept, reduced; else null. */
function outerInner(shape: Shape, axes: readonly number[]): { outer: number; count: number; inner: number } | null {
  const { sizes, reduced } = reduceGroups(shape, axes);
  if (sizes.length !== 3 || !reduced[0] || reduced[1] || !reduced[2]) return null;
  return { outer: sizes[0]!, count: sizes[1]!, inner: sizes[2]! };
}

/**
 * Copies the operands in, and the collapsed broadcast of `outShape` over `shapes` (sizes, each
 * operand's strides, room for the kernel's odometer) after them; returns [operand offsets, dims offset, rank].
 */
function stageBroadcast(arena: Arena, xs: readonly TypedArray[], shapes: readonly Shape[], outShape: Shape): [number[], number, number] {
  const ps = xs.map((x) => copyInPadded(arena, x));
  const { shape, strides } = collapseBroadcast(outShape, shapes);
  const nd = shape.length;
  const pd = arena.alloc(4 * nd * (shapes.length + 2));
  arena.view(Int32Array, pd, nd * (shapes.length + 1)).set([shape, ...strides].flat());
  return [ps, pd, nd];
}

/** less/lessEqual/greater/greaterEqual/equal/notEqual of two float arrays of one dtype, any broadcast, to bool; null when not handled. */
function wasmCompare(k: WasmKernels, arena: Arena, code: number, a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, outShape: Shape): TypedArray | null {
  const f32 = a instanceof Float32Array && b instanceof Float32Array;
  if (!f32 && !(a instanceof Float64Array && b instanceof Float64Array)) return null;
  const n = sizeOf(outShape);
  if (n <= 1 || n < wasmElementwiseTuning.minElements) return null; // one element: not worth a call
  arena.reset();
  const [[pa, pb], pd, nd] = stageBroadcast(arena, [a, b], [aShape, bShape], outShape);
  const po = arena.alloc(padded(n, 1));
  (f32 ? k.exports.compareF32 : k.exports.compareF64)(code, pa!, pb!, po, nd, pd);
  return arena.copyOut(Uint8Array, po, n);
}

/** `cond ? a : b` for float a and b of one dtype and a bool condition, any broadcast; null when not handled. */
export function wasmWhere(
  k: WasmKernels, arena: Arena, cond: TypedArray, condShape: Shape, a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, outShape: Shape, outDtype: DType,
): TypedArray | null {
  const f32 = a instanceof Float32Array && b instanceof Float32Array && outDtype === "float32";
  if (!f32 && !(a instanceof Float64Array && b instanceof Float64Array && outDtype === "float64")) return null;
  if (!(cond instanceof Uint8Array)) return null;
  const n = sizeOf(outShape);
  if (n <= 1 || n < wasmElementwiseTuning.minElements) return null; // one element: not worth a call
  arena.reset();
  const [[pc, pa, pb], pd, nd] = stageBroadcast(arena, [cond, a, b], [condShape, aShape, bShape], outShape);
  const size = f32 ? 4 : 8;
  const po = arena.alloc(padded(n, size));
  (f32 ? k.exports.whereF32 : k.exports.whereF64)(pc!, pa!, pb!, po, nd, pd);
  return f32 ? arena.copyOut(Float32Array, po, n) : arena.copyOut(Float64Array, po, n);
}
