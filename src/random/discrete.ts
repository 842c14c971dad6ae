import { ArgumentError, ShapeError } from "../core/errors.js";
import { INT32_MAX, INT32_MIN } from "../core/dtype.js";
import { normalizeAxis, showShape } from "../core/shape.js";
import { checkOptions, describeValue } from "../core/validate.js";
import { Tensor } from "../tensor/tensor.js";
import { checkKey, type PRNGKey } from "./key.js";
import { drawThroughHook } from "./batching-hook.js";
import { checkSampleShape, expandParam, intTensor, readParam, sampleShape, type Param } from "./params.js";
import { threefry2x32 } from "./threefry.js";
import { uniforms } from "./stream.js";

/**
 * Bernoulli(p) samples as a bool tensor: u < p with u uniform (JAX's formula). `p` in [0, 1], a number
 * or a tensor broadcast to `shape`.
 * @example random.bernoulli(random.key(0), 0.3, [10])
 */
export function bernoulli(key: PRNGKey, p: Param = 0.5, shape?: readonly number[]): Tensor {
  const hooked = drawThroughHook("random.bernoulli", key, [p], (k, [p1]) => bernoulli(k, p1 as Param, shape));
  if (hooked !== null) return hooked;
  const fn = "random.bernoulli";
  checkKey(key, fn);
  const pp = readParam(p, fn, "p");
  const s = sampleShape(shape, [pp], ["p"], fn);
  const pv = expandParam(pp, s, fn, "p", "a probability in [0, 1]", (x) => x >= 0 && x <= 1);
  const u = uniforms(key, pv.length, "float32");
  const out = new Uint8Array(pv.length);
  for (let i = 0; i < out.length; i++) out[i] = u[i]! < pv[i]! ? 1 : 0;
  return new Tensor(s, "bool", out);
}

/** Options of `random.categorical`. */
export interface CategoricalOptions {
  /** The axis of `logits` that holds the categories (default −1). */
  axis?: number;
  /** The sample shape; it must end with the logits' batch shape (logits.shape without `axis`), which it defaults to. */
  shape?: readonly number[];
}

/**
 * Category indices (int32) drawn with probabilities softmax(logits) along `axis`, by the Gumbel-max
 * trick: argmax(logits + Gumbel noise), JAX's method. Logits may be unnormalised and −∞ (probability 0).
 * @example random.categorical(random.key(0), tensor([0, 1, 2]), { shape: [100] })
 */
export function categorical(key: PRNGKey, logits: Param, options?: CategoricalOptions): Tensor {
  const hooked = drawThroughHook("random.categorical", key, [logits], (k, [l1]) => categorical(k, l1 as Param, options));
  if (hooked !== null) return hooked;
  const fn = "random.categorical";
  checkKey(key, fn);
  const o = checkOptions<CategoricalOptions>(options, fn);
  const lp = readParam(logits, fn, "logits");
  if (lp.shape.length === 0) throw new ShapeError(`${fn}: logits must have at least one axis (the categories), got shape []`);
  const axis = normalizeAxis(o.axis ?? -1, lp.shape.length, fn, "options.axis");
  const k = lp.shape[axis]!;
  if (k === 0) throw new ShapeError(`${fn}: logits must have at least one category along axis ${axis}, got shape ${showShape(lp.shape)}`);
  const batch = lp.shape.filter((_, i) => i !== axis);
  const s = o.shape === undefined ? batch : checkSampleShape(o.shape, fn, "options.shape");
  const prefix = s.length - batch.length;
  if (prefix < 0 || batch.some((d, i) => d !== s[prefix + i]))
    throw new ShapeError(`${fn}: options.shape ${showShape(s)} must end with the logits' batch shape ${showShape(batch)} (logits ${showShape(lp.shape)} without axis ${axis})`);
  for (let i = 0; i < lp.values.length; i++) {
    const x = lp.values[i]!;
    if (x !== x || x === Infinity) throw new ArgumentError(`${fn}: logits must be numbers < ∞ (−∞ for impossible categories), got ${describeValue(x)} at element ${i}`);
  }
  // The Gumbel noise has shape [...prefix, ...logits.shape]; element i of it is element i of the stream.
  const logitsSize = lp.values.length;
  const outer = s.slice(0, prefix).reduce((a, b) => a * b, 1) * lp.shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const inner = lp.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const noise = uniforms(key, outer * k * inner, "float32");
  const out = new Int32Array(outer * inner);
  const tiny = 2 ** -126;
  for (let o2 = 0; o2 < outer; o2++) {
    for (let j = 0; j < inner; j++) {
      let best = -Infinity;
      let arg = 0;
      for (let c = 0; c < k; c++) {
        const g = (o2 * k + c) * inner + j;
        const v = lp.values[g % logitsSize]! - Math.log(-Math.log(Math.max(tiny, noise[g]!)));
        if (v > best) {
          best = v;
          arg = c;
        }
      }
      out[o2 * inner + j] = arg;
    }
  }
  return intTensor(out, s);
}

const words = new Uint32Array(2);

/**
 * Uniform integers in [minval, maxval) as int32 (bounds are integers, numbers or int tensors
 * broadcast to `shape`).
 * NOTE: the values differ from JAX's `randint` (which reduces two 32-bit draws modulo the span): each
 * draw scales a 53-bit uniform, so no value is off its probability by more than 2⁻²¹ relative.
 * @example random.randint(random.key(0), [5], 0, 10)
 */
export function randint(key: PRNGKey, shape: readonly number[], minval: Param, maxval: Param): Tensor {
  const hooked = drawThroughHook("random.randint", key, [minval, maxval], (k, [lo, hi]) => randint(k, shape, lo as Param, hi as Param));
  if (hooked !== null) return hooked;
  const fn = "random.randint";
  checkKey(key, fn);
  const lp = readParam(minval, fn, "minval");
  const hp = readParam(maxval, fn, "maxval");
  const s = sampleShape(shape, [lp, hp], ["minval", "maxval"], fn);
  const isInt = (lo: number, hi: number) => (x: number): boolean => Number.isInteger(x) && x >= lo && x <= hi;
  const lo = expandParam(lp, s, fn, "minval", "an int32 integer", isInt(INT32_MIN, INT32_MAX));
  const hi = expandParam(hp, s, fn, "maxval", "an integer in [−2³¹, 2³¹]", isInt(INT32_MIN, INT32_MAX + 1));
  const out = new Int32Array(lo.length);
  for (let i = 0; i < out.length; i++) {
    const span = hi[i]! - lo[i]!;
    if (!(span > 0)) throw new ArgumentError(`${fn}: maxval must be > minval, got minval ${lo[i]} and maxval ${hi[i]}${out.length > 1 ? ` at element ${i}` : ""}`);
    threefry2x32(key.k0, key.k1, 0, i, words);
    const u = ((words[0]! >>> 5) * 67108864 + (words[1]! >>> 6)) * 2 ** -53;
    out[i] = lo[i]! + Math.min(span - 1, Math.floor(u * span));
  }
  return intTensor(out, s);
}
