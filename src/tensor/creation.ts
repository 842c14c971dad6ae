import { allocArray, checkDType, coerceScalar, dtypeOfArray, INT32_MAX, INT32_MIN, type DType, type TypedArray } from "../core/dtype.js";
import { ArgumentError, DTypeError, ShapeError } from "../core/errors.js";
import { normalDraw, streamFor, type RandomStream } from "../core/random.js";
import { checkShape, checkSize, showShape, sizeOf, type Shape } from "../core/shape.js";
import { argumentError, checkFiniteNumber, checkInteger, checkOptions, describeValue } from "../core/validate.js";
import { Tensor } from "./tensor.js";
import { globalDrawThroughHook } from "./global-draw-hook.js";

/** Nested arrays of numbers or booleans, as accepted by `tensor`. */
export type NestedArray = number | boolean | readonly NestedArray[];

/** Options of the creation functions. */
export interface TensorOptions {
  /** Element type; `"float32"` unless given. */
  dtype?: DType;
  /** Eager API: record operations on this leaf for `backward()`. */
  requiresGrad?: boolean;
}

/** Options of `tensor`. */
export interface TensorDataOptions extends TensorOptions {
  /** Shape of flat typed-array data (default: 1-D). */
  shape?: readonly number[];
}

/** Options of the random creation functions. */
export interface RandomOptions extends TensorOptions {
  /** Seed for a reproducible draw; the global generator (see `manualSeed`) when omitted. */
  seed?: number;
}

/** @internal A concrete tensor over `data` (not copied). */
export function fromData(data: TypedArray, shape: Shape, dtype: DType = dtypeOfArray(data)): Tensor {
  return new Tensor(shape, dtype, data);
}

function finish(t: Tensor, opts: TensorOptions | undefined, where = "tensor"): Tensor {
  if (opts?.requiresGrad) {
    if (t.dtype !== "float32" && t.dtype !== "float64")
      throw new DTypeError(`${where}: only float tensors can require gradients, got dtype ${t.dtype}`);
    t.requiresGrad = true;
  }
  return t;
}

/** `[1][2]`: the position of an element in nested arrays, for error messages. */
function position(index: readonly number[], depth: number): string {
  return index.slice(0, depth).map((i) => `[${i}]`).join("");
}

function inferShape(data: NestedArray): number[] {
  const shape: number[] = [];
  const seen = new Set<unknown>();
  let d: NestedArray = data;
  while (Array.isArray(d)) {
    if (seen.has(d)) throw new ArgumentError(`tensor: data must not contain itself (a circular array at depth ${shape.length})`);
    seen.add(d);
    shape.push(d.length);
    if (d.length === 0) break;
    d = d[0]! as NestedArray;
  }
  return shape;
}

/**
 * Copies nested arrays of `shape` into `out`, in row-major order.
 * NOTE: iterative (an index per axis), so holes (`[1, , 3]`), ragged rows and non-numbers are found
 * at their position and reported there (`tensor: element [1][2] …`) instead of shifting the data.
 */
function fillNested(data: NestedArray, shape: Shape, out: TypedArray, dtype: DType): void {
  const rank = shape.length;
  const index = new Array<number>(rank).fill(0);
  const rows: (readonly NestedArray[])[] = new Array<readonly NestedArray[]>(rank);
  const check = (d: unknown, depth: number): void => {
    if (!Array.isArray(d) || d.length !== shape[depth])
      throw new ShapeError(
        `tensor: ragged nested array at element ${position(index, depth) || "(the whole array)"}: expected ${shape[depth]} entries (shape ${showShape(shape)}), got ${Array.isArray(d) ? d.length : describeValue(d)}`,
      );
  };
  if (rank === 0) {
    out[0] = leafValue(data, index, 0, dtype);
    return;
  }
  check(data, 0);
  rows[0] = data as readonly NestedArray[];
  if (out.length === 0) return;
  let k = 0;
  let depth = 0;
  for (;;) {
    // Descend from `depth` to the last axis along the current index.
    for (; depth < rank - 1; depth++) {
      const row = rows[depth]!;
      const i = index[depth]!;
      if (!(i in row)) throw holeError(index, depth + 1);
      check(row[i], depth + 1);
      rows[depth + 1] = row[i] as readonly NestedArray[];
    }
    const last = rows[rank - 1]!;
    const n = shape[rank - 1]!;
    for (let i = 0; i < n; i++) {
      index[rank - 1] = i;
      if (!(i in last)) throw holeError(index, rank);
      out[k++] = leafValue(last[i], index, rank, dtype);
    }
    // Advance the index like an odometer.
    let a = rank - 2;
    while (a >= 0 && ++index[a]! === shape[a]) index[a--] = 0;
    if (a < 0) return;
    index[rank - 1] = 0;
    depth = a;
  }
}

function holeError(index: readonly number[], depth: number): ArgumentError {
  return new ArgumentError(`tensor: element ${position(index, depth)} is a hole (an empty slot of a sparse array); expected a number or a boolean`);
}

function leafValue(d: unknown, index: readonly number[], depth: number, dtype: DType): number {
  if (typeof d === "number") return coerceScalar(d, dtype);
  if (typeof d === "boolean") return d ? 1 : 0;
  const where = depth === 0 ? "data" : `element ${position(index, depth)}`;
  if (Array.isArray(d)) throw new ShapeError(`tensor: ragged nested array at ${where}: expected a number, got an array`);
  throw new ArgumentError(`tensor: ${where} must be a number or a boolean, got ${describeValue(d)}`);
}

/**
 * Makes a tensor from a number, nested arrays, a typed array (with `opts.shape`) or another tensor
 * (copied, without its graph).
 *
 * @example
 * const w = tensor([[1, 2], [3, 4]], { requiresGrad: true });
 * const v = tensor(new Float64Array([1, 2, 3, 4]), { shape: [2, 2] }); // float64
 */
export function tensor(data: NestedArray | TypedArray | Tensor, opts?: TensorDataOptions): Tensor {
  if (data instanceof Tensor) {
    const c = data._concrete();
    const dtype = opts?.dtype ? checkDType(opts.dtype, "tensor") : data.dtype;
    const src = c._data!;
    const copy = allocArray(dtype, src.length);
    for (let i = 0; i < src.length; i++) copy[i] = coerceScalar(src[i]!, dtype);
    return finish(new Tensor(data.shape.slice(), dtype, copy), opts);
  }
  if (ArrayBuffer.isView(data)) {
    const typed = data as TypedArray;
    const dtype = opts?.dtype ? checkDType(opts.dtype, "tensor") : dtypeOfArray(typed);
    const shape = opts?.shape ? checkShape(opts.shape, "tensor").slice() : [typed.length];
    if (sizeOf(shape) !== typed.length)
      throw new ShapeError(`tensor: shape ${showShape(shape)} needs ${sizeOf(shape)} elements, data has ${typed.length}`);
    const copy = allocArray(dtype, typed.length);
    for (let i = 0; i < typed.length; i++) copy[i] = coerceScalar(typed[i]!, dtype);
    return finish(new Tensor(shape, dtype, copy), opts);
  }
  const shape = inferShape(data);
  let first: unknown = data;
  while (Array.isArray(first) && first.length > 0) first = first[0];
  const dtype = opts?.dtype ? checkDType(opts.dtype, "tensor") : typeof first === "boolean" ? "bool" : "float32";
  const out = allocArray(dtype, sizeOf(shape));
  fillNested(data, shape, out, dtype);
  const result = new Tensor(shape, dtype, out);
  if (opts?.shape) {
    const target = checkShape(opts.shape, "tensor").slice();
    if (sizeOf(target) !== out.length)
      throw new ShapeError(`tensor: shape ${showShape(target)} needs ${sizeOf(target)} elements, data has ${out.length}`);
    return finish(new Tensor(target, dtype, out), opts);
  }
  return finish(result, opts);
}

/** A rank-0 tensor. @example scalar(3, "float64") */
export function scalar(value: number, dtype: DType = "float32"): Tensor {
  if (typeof value !== "number" && typeof value !== "boolean") throw argumentError("scalar", "value", "a number or a boolean", value);
  const d = allocArray(checkDType(dtype, "scalar"), 1);
  d[0] = coerceScalar(value, dtype, "scalar");
  return new Tensor([], dtype, d);
}

/** `full` for the function `where` (named in errors): every shape passes `checkShape`, sizes included. */
function filled(shape: readonly number[], value: number, opts: TensorOptions | undefined, where: string): Tensor {
  const s = checkShape(shape, where).slice();
  if (typeof value !== "number" && typeof value !== "boolean") throw argumentError(where, "value", "a number or a boolean", value);
  const dtype = checkDType(opts?.dtype ?? "float32", where);
  const d = allocArray(dtype, sizeOf(s));
  if (value !== 0) d.fill(coerceScalar(value, dtype, where));
  return finish(new Tensor(s, dtype, d), opts, where);
}

/** A tensor of `shape` filled with `value`. @example full([2, 3], 7) */
export function full(shape: readonly number[], value: number, opts?: TensorOptions): Tensor {
  return filled(shape, value, opts, "full");
}

/** Zeros. @example zeros([2, 3]) */
export function zeros(shape: readonly number[], opts?: TensorOptions): Tensor {
  return filled(shape, 0, opts, "zeros");
}

/** Ones. @example ones([3], { dtype: "float64" }) */
export function ones(shape: readonly number[], opts?: TensorOptions): Tensor {
  return filled(shape, 1, opts, "ones");
}

/** Checks the tensor argument `t` of `zerosLike`/`onesLike`; the error names `where`. */
function checkTensor(t: unknown, where: string): Tensor {
  if (!(t instanceof Tensor)) throw argumentError(where, "t", "a tensor", t);
  return t;
}

/** Zeros with the shape and dtype of `t` (a constant, never a tracer). */
export function zerosLike(t: Tensor, opts?: TensorOptions): Tensor {
  checkTensor(t, "zerosLike");
  // The shape of an existing tensor needs no validation (and, being read-only, can be shared).
  if (opts === undefined) return new Tensor(t.shape, t.dtype, allocArray(t.dtype, sizeOf(t.shape)));
  const o = checkOptions<TensorOptions>(opts, "zerosLike", "opts");
  return filled(t.shape, 0, { ...o, dtype: o.dtype ?? t.dtype }, "zerosLike");
}

/** Ones with the shape and dtype of `t`. */
export function onesLike(t: Tensor, opts?: TensorOptions): Tensor {
  checkTensor(t, "onesLike");
  if (opts === undefined) return new Tensor(t.shape, t.dtype, allocArray(t.dtype, sizeOf(t.shape)).fill(1));
  const o = checkOptions<TensorOptions>(opts, "onesLike", "opts");
  return filled(t.shape, 1, { ...o, dtype: o.dtype ?? t.dtype }, "onesLike");
}

/** Evenly spaced values in [start, stop) (numpy `arange`). @example arange(5) // [0, 1, 2, 3, 4] */
export function arange(start: number, stop?: number, step = 1, opts?: TensorOptions): Tensor {
  if (stop === undefined) [start, stop] = [0, start];
  checkFiniteNumber(start, "arange", "start");
  checkFiniteNumber(stop, "arange", "stop");
  checkFiniteNumber(step, "arange", "step");
  if (step === 0) throw argumentError("arange", "step", "a nonzero finite number", step);
  const n = Math.max(0, Math.ceil((stop - start) / step));
  checkSize([n], "arange");
  const dtype = checkDType(opts?.dtype ?? "float32", "arange");
  const d = allocArray(dtype, n);
  for (let i = 0; i < n; i++) d[i] = coerceScalar(start + i * step, dtype, "arange");
  return finish(new Tensor([n], dtype, d), opts, "arange");
}

/** `n` evenly spaced values from `a` to `b` inclusive. @example linspace(0, 1, 5) */
export function linspace(a: number, b: number, n: number, opts?: TensorOptions): Tensor {
  checkFiniteNumber(a, "linspace", "start");
  checkFiniteNumber(b, "linspace", "stop");
  checkInteger(n, "linspace", "n", 0);
  checkSize([n], "linspace");
  const dtype = checkDType(opts?.dtype ?? "float32", "linspace");
  const d = allocArray(dtype, n);
  for (let i = 0; i < n; i++) d[i] = coerceScalar(n === 1 ? a : a + ((b - a) * i) / (n - 1), dtype, "linspace");
  return finish(new Tensor([n], dtype, d), opts, "linspace");
}

/** The n×n identity matrix. @example eye(3) */
export function eye(n: number, opts?: TensorOptions): Tensor {
  checkInteger(n, "eye", "n", 0);
  const t = filled([n, n], 0, opts, "eye");
  for (let i = 0; i < n; i++) t._data![i * n + i] = 1;
  return t;
}

/**
 * The stream for the random creation function `where`: checks its options object and `opts.seed`.
 * NOTE: any finite number is a seed (fractions are floored), as for `manualSeed`.
 */
function randomOptions(opts: unknown, where: string): { opts: RandomOptions; rng: RandomStream } {
  const o = checkOptions<RandomOptions>(opts, where, "opts");
  if (o.seed !== undefined) checkFiniteNumber(o.seed, where, "opts.seed");
  return { opts: o, rng: streamFor(o.seed) };
}

function randomTensor(shape: readonly number[], opts: RandomOptions, where: string, draw: () => number): Tensor {
  const s = checkShape(shape, where).slice();
  const dtype = checkDType(opts.dtype ?? "float32", where);
  const d = allocArray(dtype, sizeOf(s));
  for (let i = 0; i < d.length; i++) d[i] = coerceScalar(draw(), dtype, where);
  return finish(new Tensor(s, dtype, d), opts, where);
}

/** Uniform samples in [0, 1). @example rand([2, 2], { seed: 0 }) */
export function rand(shape: readonly number[], opts?: RandomOptions): Tensor {
  const hooked = globalDrawThroughHook("rand", () => rand(shape, opts));
  if (hooked !== null) return hooked;
  const { opts: o, rng } = randomOptions(opts, "rand");
  return randomTensor(shape, o, "rand", () => rng.next());
}

/** Standard normal samples. @example randn([3], { seed: 42, dtype: "float64" }) */
export function randn(shape: readonly number[], opts?: RandomOptions): Tensor {
  const hooked = globalDrawThroughHook("randn", () => randn(shape, opts));
  if (hooked !== null) return hooked;
  const { opts: o, rng } = randomOptions(opts, "randn");
  return randomTensor(shape, o, "randn", () => normalDraw(rng));
}

/** Uniform integers in [low, high) as int32. @example randint(0, 10, [5], { seed: 1 }) */
export function randint(low: number, high: number, shape: readonly number[], opts?: RandomOptions): Tensor {
  const hooked = globalDrawThroughHook("randint", () => randint(low, high, shape, opts));
  if (hooked !== null) return hooked;
  checkInteger(low, "randint", "low", INT32_MIN, INT32_MAX);
  checkInteger(high, "randint", "high", INT32_MIN, INT32_MAX + 1);
  if (!(high > low)) throw new ArgumentError(`randint: need low < high, got low=${low}, high=${high}`);
  const { opts: o, rng } = randomOptions(opts, "randint");
  return randomTensor(shape, { dtype: "int32", ...o }, "randint", () => low + Math.floor(rng.next() * (high - low)));
}
