import type { Tensor } from "../tensor/tensor.js";
import { checkKey, type PRNGKey } from "./key.js";
import { drawThroughHook } from "./batching-hook.js";
import { expandParam, floatDType, floatTensor, readParam, sampleShape, type FloatSampleOptions, type Param } from "./params.js";
import { normalQuantile } from "./special.js";
import { ElementStream } from "./stream.js";

/**
 * Gamma variates by Marsaglia & Tsang (2000), "A simple method for generating gamma variables", in
 * log space: for shape a < 1, X = Y · U^{1/a} with Y ~ Gamma(a + 1), so log X = log Y + (log U)/a,
 * which stays finite for any a > 0 however small.
 */

const stream = new ElementStream();

/** Marsaglia–Tsang for shape alpha ≥ 1: a Gamma(alpha, 1) draw from `s`. */
function marsagliaTsang(alpha: number, s: ElementStream): number {
  const d = alpha - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normalQuantile(s.next());
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = s.next32(); // the acceptance test needs no more than 32 bits
    const x2 = x * x;
    if (u < 1 - 0.0331 * x2 * x2 || Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** log X for X ~ Gamma(a, 1), drawn from `s` (a > 0, finite); for a < 1, log Y + (log U)/a with Y ~ Gamma(a + 1). */
function logGammaDraw(a: number, s: ElementStream): number {
  if (a >= 1) return Math.log(marsagliaTsang(a, s));
  const boost = Math.log(s.next()) / a;
  return Math.log(marsagliaTsang(a + 1, s)) + boost;
}

/** X ~ Gamma(a, 1) from the same draws as `logGammaDraw` (so X = exp(log X) up to rounding); may underflow to 0 for tiny a. */
function gammaDraw(a: number, s: ElementStream): number {
  if (a >= 1) return marsagliaTsang(a, s);
  const boost = Math.pow(s.next(), 1 / a);
  return marsagliaTsang(a + 1, s) * boost;
}

/** log-Gamma(a[i]) draws, element i from its own stream under `key` (so the result does not depend on how work is split). */
export function logGammaDraws(key: PRNGKey, a: Float64Array): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) {
    stream.start(key, i);
    out[i] = logGammaDraw(a[i]!, stream);
  }
  return out;
}

/** Checks a shape parameter: finite and > 0. */
export const positiveFinite = (x: number): boolean => x > 0 && x < Infinity;

/** The smallest positive normal number of `dtype`. */
export function tinyOf(dtype: "float32" | "float64"): number {
  return dtype === "float32" ? 2 ** -126 : 2 ** -1022;
}

/** Reads, checks and broadcasts a gamma-type sampler's shape parameter. */
function shapeParam(fn: string, key: unknown, a: unknown, shape: unknown): { a: Float64Array; s: number[] } {
  checkKey(key, fn);
  const ap = readParam(a, fn, "a");
  const s = sampleShape(shape, [ap], ["a"], fn);
  return { a: expandParam(ap, s, fn, "a", "a finite number > 0", positiveFinite), s };
}

/**
 * Gamma(a, 1) samples (shape a > 0, rate 1; divide by a rate). Marsaglia–Tsang with the u^{1/a}
 * boost for a < 1, computed in log space.
 * NOTE: values below the dtype's smallest normal number (float32: 1.2e-38) are returned as that
 * number, never 0 (as PyTorch clamps), so log(x) stays finite; use `random.loggamma` for tiny a.
 * @example random.gamma(random.key(0), 0.5, [1000])
 */
export function gamma(key: PRNGKey, a: Param, shape?: readonly number[], options?: FloatSampleOptions): Tensor {
  const hooked = drawThroughHook("random.gamma", key, [a], (k, [a1]) => gamma(k, a1 as Param, shape, options));
  if (hooked !== null) return hooked;
  const fn = "random.gamma";
  const dtype = floatDType(options, fn);
  const p = shapeParam(fn, key, a, shape);
  const out = new Float64Array(p.a.length);
  const t = tinyOf(dtype);
  for (let i = 0; i < out.length; i++) {
    stream.start(key, i);
    out[i] = Math.max(t, gammaDraw(p.a[i]!, stream));
  }
  return floatTensor(out, p.s, dtype);
}

/**
 * log X for X ~ Gamma(a, 1), as `jax.random.loggamma`: accurate for shapes so small that X itself
 * underflows (a = 1e-3 gives log X around −1000).
 * @example random.loggamma(random.key(0), 0.01, [5])
 */
export function loggamma(key: PRNGKey, a: Param, shape?: readonly number[], options?: FloatSampleOptions): Tensor {
  const hooked = drawThroughHook("random.loggamma", key, [a], (k, [a1]) => loggamma(k, a1 as Param, shape, options));
  if (hooked !== null) return hooked;
  const fn = "random.loggamma";
  const dtype = floatDType(options, fn);
  const p = shapeParam(fn, key, a, shape);
  return floatTensor(logGammaDraws(key, p.a), p.s, dtype);
}
