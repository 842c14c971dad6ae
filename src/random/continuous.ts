import { ArgumentError } from "../core/errors.js";
import { checkOptions, describeValue } from "../core/validate.js";
import type { Tensor } from "../tensor/tensor.js";
import { checkKey, type PRNGKey } from "./key.js";
import { drawThroughHook } from "./batching-hook.js";
import { expandParam, floatDType, floatTensor, readParam, sampleShape, type FloatSampleOptions, type Param } from "./params.js";
import { normalCdf, normalQuantile } from "./special.js";
import { uniforms } from "./stream.js";

/**
 * Samplers by the inverse-CDF transform of one uniform per element, with JAX's formulas, so the
 * uniforms (and, up to float rounding, the samples) equal `jax.random`'s for the same key.
 */

/** Options of `random.uniform`. */
export interface UniformOptions extends FloatSampleOptions {
  /** The lower bound (inclusive), 0 unless given; a number or a tensor broadcast to `shape`. */
  minval?: Param;
  /** The upper bound (exclusive), 1 unless given. */
  maxval?: Param;
}

const finite = (x: number): boolean => Number.isFinite(x);

/** `n` uniforms of `key` mapped through `f`, as a tensor of `shape`. */
function transformed(fn: string, key: unknown, shape: unknown, options: unknown, f: (u: number) => number): Tensor {
  checkKey(key, fn);
  const dtype = floatDType(options, fn);
  const s = sampleShape(shape ?? [], [], [], fn);
  const u = uniforms(key as PRNGKey, s.reduce((a, b) => a * b, 1), dtype);
  for (let i = 0; i < u.length; i++) u[i] = f(u[i]!);
  return floatTensor(u, s, dtype);
}

/** The smallest positive normal number of `dtype` (numpy's `finfo.tiny`). */
function tiny(dtype: "float32" | "float64"): number {
  return dtype === "float32" ? 2 ** -126 : 2 ** -1022;
}

/**
 * Uniform samples in [minval, maxval) (default [0, 1)), float32 unless `dtype` says float64; bit for
 * bit JAX's `jax.random.uniform` for the same key with the default bounds (other bounds repeat JAX's
 * arithmetic in the dtype, equal unless XLA fuses its multiply-add).
 * @example random.uniform(random.key(0), [2, 3], { minval: -1, maxval: 1 })
 */
export function uniform(key: PRNGKey, shape: readonly number[] = [], options?: UniformOptions): Tensor {
  const hooked = drawThroughHook("random.uniform", key, [options?.minval, options?.maxval], (k, [minval, maxval]) => uniform(k, shape, { ...options, minval: minval as Param | undefined, maxval: maxval as Param | undefined }));
  if (hooked !== null) return hooked;
  const fn = "random.uniform";
  checkKey(key, fn);
  const o = checkOptions<UniformOptions>(options, fn);
  const dtype = floatDType(o, fn);
  const lo = readParam(o.minval ?? 0, fn, "options.minval");
  const hi = readParam(o.maxval ?? 1, fn, "options.maxval");
  const s = sampleShape(shape, [lo, hi], ["options.minval", "options.maxval"], fn);
  const a = expandParam(lo, s, fn, "options.minval", "finite", finite);
  const b = expandParam(hi, s, fn, "options.maxval", "finite", finite);
  const u = uniforms(key, a.length, dtype);
  const round = dtype === "float32" ? Math.fround : (x: number): number => x;
  for (let i = 0; i < u.length; i++) {
    const lower = round(a[i]!);
    const upper = round(b[i]!);
    if (!(upper >= lower))
      throw new ArgumentError(`${fn}: options.maxval must be ≥ options.minval, got minval ${lower} and maxval ${upper}${a.length > 1 ? ` at element ${i}` : ""}`);
    // JAX's arithmetic, in the dtype: max(minval, u · (maxval − minval) + minval).
    u[i] = Math.max(lower, round(round(u[i]! * round(upper - lower)) + lower));
  }
  return floatTensor(u, s, dtype);
}

/**
 * Standard normal samples: √2 · erfinv(u) for u uniform in (−1, 1), JAX's formula (Φ⁻¹ by Wichura's
 * AS 241 in float64, rounded to the dtype).
 * @example random.normal(random.key(0), [1000])
 */
export function normal(key: PRNGKey, shape: readonly number[] = [], options?: FloatSampleOptions): Tensor {
  const hooked = drawThroughHook("random.normal", key, [], (k) => normal(k, shape, options));
  if (hooked !== null) return hooked;
  const fn = "random.normal";
  const dtype = floatDType(options, fn);
  // u' = 2u − 1 + ulp in (−1, 1): the normal is Φ⁻¹((u' + 1) / 2).
  const lo = dtype === "float32" ? 2 ** -24 : 2 ** -53;
  const round = dtype === "float32" ? Math.fround : (x: number): number => x;
  return transformed(fn, key, shape, options, (u) => normalQuantile((Math.max(-1 + lo, round(2 * u - 1 + lo)) + 1) / 2));
}

/**
 * Standard exponential samples, −log(1 − u) (JAX's formula).
 * @example random.exponential(random.key(0), [3]).div(rate)   // rate `rate`
 */
export function exponential(key: PRNGKey, shape: readonly number[] = [], options?: FloatSampleOptions): Tensor {
  const hooked = drawThroughHook("random.exponential", key, [], (k) => exponential(k, shape, options));
  if (hooked !== null) return hooked;
  return transformed("random.exponential", key, shape, options, (u) => -Math.log1p(-u));
}

/**
 * Standard Gumbel samples, −log(−log u) with u in [tiny, 1) (JAX's formula).
 * @example random.gumbel(random.key(0), [3])
 */
export function gumbel(key: PRNGKey, shape: readonly number[] = [], options?: FloatSampleOptions): Tensor {
  const hooked = drawThroughHook("random.gumbel", key, [], (k) => gumbel(k, shape, options));
  if (hooked !== null) return hooked;
  const t = tiny(floatDType(options, "random.gumbel"));
  return transformed("random.gumbel", key, shape, options, (u) => -Math.log(-Math.log(Math.max(t, u))));
}

/**
 * Standard Laplace samples (density e^{−|x|}/2): sign(v) · log(1 − |v|) with v uniform in (−1, 1).
 * @example random.laplace(random.key(0), [3])
 */
export function laplace(key: PRNGKey, shape: readonly number[] = [], options?: FloatSampleOptions): Tensor {
  const hooked = drawThroughHook("random.laplace", key, [], (k) => laplace(k, shape, options));
  if (hooked !== null) return hooked;
  const eps = floatDType(options, "random.laplace") === "float32" ? 2 ** -24 : 2 ** -53;
  return transformed("random.laplace", key, shape, options, (u) => {
    const v = Math.max(-1 + eps, 2 * u - 1);
    return Math.sign(v) * Math.log1p(-Math.abs(v));
  });
}

/**
 * Standard logistic samples, log(u / (1 − u)) with u in [tiny, 1).
 * @example random.logistic(random.key(0), [3])
 */
export function logistic(key: PRNGKey, shape: readonly number[] = [], options?: FloatSampleOptions): Tensor {
  const hooked = drawThroughHook("random.logistic", key, [], (k) => logistic(k, shape, options));
  if (hooked !== null) return hooked;
  const t = tiny(floatDType(options, "random.logistic"));
  return transformed("random.logistic", key, shape, options, (u) => {
    const v = Math.max(t, u);
    return Math.log(v) - Math.log1p(-v);
  });
}

/**
 * Standard Cauchy samples, tan(π(u − ½)) with u in [eps, 1) (JAX's formula).
 * @example random.cauchy(random.key(0), [3])
 */
export function cauchy(key: PRNGKey, shape: readonly number[] = [], options?: FloatSampleOptions): Tensor {
  const hooked = drawThroughHook("random.cauchy", key, [], (k) => cauchy(k, shape, options));
  if (hooked !== null) return hooked;
  const eps = floatDType(options, "random.cauchy") === "float32" ? 2 ** -23 : 2 ** -52;
  return transformed("random.cauchy", key, shape, options, (u) => Math.tan(Math.PI * (Math.max(eps, u) - 0.5)));
}

/**
 * Standard normal samples truncated to [lower, upper] (bounds may be ±∞, numbers or tensors
 * broadcast to `shape`). Inverse CDF in whichever tail keeps precision, so bounds deep in a tail
 * (lower = 10) still give correct samples.
 * @example random.truncatedNormal(random.key(0), -2, 2, [1000])
 */
export function truncatedNormal(key: PRNGKey, lower: Param, upper: Param, shape?: readonly number[], options?: FloatSampleOptions): Tensor {
  const hooked = drawThroughHook("random.truncatedNormal", key, [lower, upper], (k, [lo, hi]) => truncatedNormal(k, lo as Param, hi as Param, shape, options));
  if (hooked !== null) return hooked;
  const fn = "random.truncatedNormal";
  checkKey(key, fn);
  const dtype = floatDType(options, fn);
  const lp = readParam(lower, fn, "lower");
  const up = readParam(upper, fn, "upper");
  const s = sampleShape(shape, [lp, up], ["lower", "upper"], fn);
  const notNaN = (x: number): boolean => x === x;
  const a = expandParam(lp, s, fn, "lower", "a number (not NaN)", notNaN);
  const b = expandParam(up, s, fn, "upper", "a number (not NaN)", notNaN);
  const u = uniforms(key, a.length, dtype);
  for (let i = 0; i < u.length; i++) {
    let lo = a[i]!;
    let hi = b[i]!;
    if (!(lo < hi)) throw new ArgumentError(`${fn}: lower must be < upper, got lower ${describeValue(lo).slice(11)} and upper ${describeValue(hi).slice(11)}${a.length > 1 ? ` at element ${i}` : ""}`);
    // NOTE: an interval in the upper tail is sampled as the negated mirror interval in the lower
    // tail, where Φ has full relative precision.
    const flip = lo > 0;
    if (flip) [lo, hi] = [-hi, -lo];
    const pa = normalCdf(lo);
    const pb = normalCdf(hi);
    const x = Math.min(hi, Math.max(lo, normalQuantile(pa + u[i]! * (pb - pa))));
    u[i] = flip ? -x : x;
  }
  return floatTensor(u, s, dtype);
}
