import { INT32_MAX } from "../core/dtype.js";
import { ArgumentError, ShapeError } from "../core/errors.js";
import { broadcastShapes, checkSize, showShape, sizeOf } from "../core/shape.js";
import { argumentError, checkOptions, describeValue } from "../core/validate.js";
import { Tensor } from "../tensor/tensor.js";

/** Options of the samplers that return floats. */
export interface FloatSampleOptions {
  /** `"float32"` (the default, as JAX) or `"float64"`. */
  dtype?: "float32" | "float64";
}

/** A sampler's parameter: a number or a tensor (broadcast against the sample shape). */
export type Param = number | Tensor;

/** A parameter read as numbers: its shape and its elements (row-major). */
export interface ParamValues {
  /** The parameter's shape (`[]` for a number). */
  shape: number[];
  /** Its elements. */
  values: ArrayLike<number>;
}

/** Checks a sample shape (an array of non-negative integers); the error names `fn` and `arg`. */
export function checkSampleShape(shape: unknown, fn: string, arg = "shape"): number[] {
  if (!Array.isArray(shape)) throw argumentError(fn, arg, "an array of non-negative integers", shape);
  for (let i = 0; i < shape.length; i++) {
    const d: unknown = shape[i];
    if (typeof d !== "number" || !Number.isInteger(d) || d < 0) throw argumentError(fn, `${arg}[${i}]`, "a non-negative integer", d);
  }
  checkSize(shape as number[], fn);
  return (shape as number[]).slice();
}

/** Checks the `dtype` of a float sampler's options (`"float32"` unless given). */
export function floatDType(options: unknown, fn: string): "float32" | "float64" {
  const o = checkOptions<FloatSampleOptions>(options, fn);
  const dtype: unknown = o.dtype ?? "float32";
  if (dtype !== "float32" && dtype !== "float64") throw argumentError(fn, "options.dtype", `"float32" or "float64"`, dtype);
  return dtype;
}

/**
 * A parameter's values. A tensor under a transform is read through its primal value.
 * NOTE: sampling is outside AD: the samplers take no gradient with respect to their parameters;
 * reparameterised (pathwise) gradients come with the distributions layer.
 */
export function readParam(value: unknown, fn: string, arg: string): ParamValues {
  if (typeof value === "number") return { shape: [], values: [value] };
  if (value instanceof Tensor) {
    if (value.dtype === "bool") throw argumentError(fn, arg, "a number or a numeric tensor", value);
    return { shape: value.shape.slice(), values: value._concrete(fn)._data! };
  }
  throw argumentError(fn, arg, "a number or a tensor", value);
}

/** The sample shape: `shape` when given (every parameter must broadcast to it), else the parameters' broadcast shape. */
export function sampleShape(shape: unknown, params: readonly ParamValues[], names: readonly string[], fn: string): number[] {
  if (shape === undefined || shape === null) {
    let out: number[] = [];
    for (const p of params) {
      try {
        out = broadcastShapes(out, p.shape, fn);
      } catch {
        throw new ShapeError(`${fn}: the parameters' shapes ${params.map((q, i) => `${names[i]} ${showShape(q.shape)}`).join(", ")} do not broadcast together`);
      }
    }
    checkSize(out, fn);
    return out;
  }
  const s = checkSampleShape(shape, fn);
  params.forEach((p, i) => {
    let b: number[] | null = null;
    try {
      b = broadcastShapes(p.shape, s, fn);
    } catch {
      b = null;
    }
    if (b === null || b.length !== s.length || b.some((d, j) => d !== s[j]))
      throw new ShapeError(`${fn}: ${names[i]} of shape ${showShape(p.shape)} does not broadcast to the sample shape ${showShape(s)}`);
  });
  return s;
}

/** For each element of `outShape`, the flat index of the parameter element it uses (numpy broadcasting). */
export function broadcastIndex(pshape: readonly number[], outShape: readonly number[]): Int32Array | null {
  const n = sizeOf(outShape);
  const pn = sizeOf(pshape);
  if (pn === n && pshape.length === outShape.length) return null;
  const idx = new Int32Array(n);
  if (pn === 1) return idx;
  const rank = outShape.length;
  const offset = rank - pshape.length;
  const pstride = new Array<number>(rank).fill(0);
  let s = 1;
  for (let a = pshape.length - 1; a >= 0; a--) {
    if (pshape[a] !== 1) pstride[a + offset] = s;
    s *= pshape[a]!;
  }
  const counter = new Array<number>(rank).fill(0);
  let p = 0;
  for (let i = 0; i < n; i++) {
    idx[i] = p;
    for (let a = rank - 1; a >= 0; a--) {
      counter[a]!++;
      p += pstride[a]!;
      if (counter[a]! < outShape[a]!) break;
      p -= pstride[a]! * counter[a]!;
      counter[a] = 0;
    }
  }
  return idx;
}

/** A parameter's values broadcast to `outShape`, each checked by `ok` (the error names `fn`, `arg` and `expected`). */
export function expandParam(
  p: ParamValues,
  outShape: readonly number[],
  fn: string,
  arg: string,
  expected: string,
  ok: (x: number) => boolean,
): Float64Array {
  for (let i = 0; i < p.values.length; i++) {
    const x = p.values[i]!;
    if (!ok(x)) {
      const where = p.shape.length === 0 ? arg : `${arg} (element ${i})`;
      throw new ArgumentError(`${fn}: ${where} must be ${expected}, got ${describeValue(x)}`);
    }
  }
  const idx = broadcastIndex(p.shape, outShape);
  const n = sizeOf(outShape);
  const out = new Float64Array(n);
  if (idx === null) for (let i = 0; i < n; i++) out[i] = p.values[i]!;
  else for (let i = 0; i < n; i++) out[i] = p.values[idx[i]!]!;
  return out;
}

/** A float tensor of `shape` holding `values` (rounded to float32 when asked). */
export function floatTensor(values: Float64Array, shape: readonly number[], dtype: "float32" | "float64"): Tensor {
  return new Tensor(shape.slice(), dtype, dtype === "float64" ? values : new Float32Array(values));
}

/** An int32 tensor of `shape` holding `values`. */
export function intTensor(values: Int32Array, shape: readonly number[]): Tensor {
  return new Tensor(shape.slice(), "int32", values);
}

/** The largest int32, for samplers that return counts. */
export const MAX_COUNT = INT32_MAX;
