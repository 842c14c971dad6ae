import { ShapeError } from "../core/errors.js";
import { showShape } from "../core/shape.js";
import type { Tensor } from "../tensor/tensor.js";
import { logGammaDraws, positiveFinite } from "./gamma.js";
import { checkKey, type PRNGKey } from "./key.js";
import { drawThroughHook } from "./batching-hook.js";
import { expandParam, floatDType, floatTensor, readParam, sampleShape, type FloatSampleOptions, type Param } from "./params.js";
import { normalQuantile } from "./special.js";
import { split } from "./split.js";
import { uniforms } from "./stream.js";

/**
 * Beta(a, b) samples, as Gₐ / (Gₐ + G_b) of two gammas computed from their logarithms (JAX's
 * method), so tiny a and b (1e-3) give correct samples instead of 0/0.
 * @example random.beta(random.key(0), 2, 5, [1000])
 */
export function beta(key: PRNGKey, a: Param, b: Param, shape?: readonly number[], options?: FloatSampleOptions): Tensor {
  const hooked = drawThroughHook("random.beta", key, [a, b], (k, [a1, b1]) => beta(k, a1 as Param, b1 as Param, shape, options));
  if (hooked !== null) return hooked;
  const fn = "random.beta";
  checkKey(key, fn);
  const dtype = floatDType(options, fn);
  const ap = readParam(a, fn, "a");
  const bp = readParam(b, fn, "b");
  const s = sampleShape(shape, [ap, bp], ["a", "b"], fn);
  const av = expandParam(ap, s, fn, "a", "a finite number > 0", positiveFinite);
  const bv = expandParam(bp, s, fn, "b", "a finite number > 0", positiveFinite);
  const [ka, kb] = split(key);
  const la = logGammaDraws(ka!, av);
  const lb = logGammaDraws(kb!, bv);
  for (let i = 0; i < la.length; i++) {
    const m = Math.max(la[i]!, lb[i]!);
    const ea = Math.exp(la[i]! - m);
    la[i] = ea / (ea + Math.exp(lb[i]! - m));
  }
  return floatTensor(la, s, dtype);
}

/**
 * Dirichlet(alpha) samples: alpha has shape [..., K]; the result has shape `[...shape, K]` (`shape`
 * defaults to alpha's batch shape `alpha.shape[:-1]`). Normalised gammas in log space (softmax of
 * log-gammas, JAX's method), safe for tiny concentrations.
 * @example random.dirichlet(random.key(0), tensor([1, 2, 3]), [100])   // shape [100, 3]
 */
export function dirichlet(key: PRNGKey, alpha: Param, shape?: readonly number[], options?: FloatSampleOptions): Tensor {
  const hooked = drawThroughHook("random.dirichlet", key, [alpha], (k, [a1]) => dirichlet(k, a1 as Param, shape, options));
  if (hooked !== null) return hooked;
  const fn = "random.dirichlet";
  checkKey(key, fn);
  const dtype = floatDType(options, fn);
  const ap = readParam(alpha, fn, "alpha");
  if (ap.shape.length === 0) throw new ShapeError(`${fn}: alpha must have at least one axis (the K concentrations), got shape []`);
  const k = ap.shape[ap.shape.length - 1]!;
  if (k === 0) throw new ShapeError(`${fn}: alpha must have at least one concentration, got shape ${showShape(ap.shape)}`);
  const batch = { shape: ap.shape.slice(0, -1), values: [] as number[] };
  const s = shape === undefined ? batch.shape : sampleShape(shape, [batch], ["alpha's batch shape (alpha.shape[:-1])"], fn);
  const outShape = [...s, k];
  const av = expandParam(ap, outShape, fn, "alpha", "a finite number > 0", positiveFinite);
  const g = logGammaDraws(key, av);
  for (let r = 0; r < g.length; r += k) {
    let m = -Infinity;
    for (let j = 0; j < k; j++) m = Math.max(m, g[r + j]!);
    let total = 0;
    for (let j = 0; j < k; j++) total += g[r + j] = Math.exp(g[r + j]! - m);
    for (let j = 0; j < k; j++) g[r + j] = g[r + j]! / total;
  }
  return floatTensor(g, outShape, dtype);
}

/**
 * Student-t samples with `df` degrees of freedom: Z · √(ν / χ²_ν), with χ²_ν = 2·Gamma(ν/2) (JAX's
 * method, the gamma in log space).
 * @example random.studentT(random.key(0), 3, [1000])
 */
export function studentT(key: PRNGKey, df: Param, shape?: readonly number[], options?: FloatSampleOptions): Tensor {
  const hooked = drawThroughHook("random.studentT", key, [df], (k, [d1]) => studentT(k, d1 as Param, shape, options));
  if (hooked !== null) return hooked;
  const fn = "random.studentT";
  checkKey(key, fn);
  const dtype = floatDType(options, fn);
  const dp = readParam(df, fn, "df");
  const s = sampleShape(shape, [dp], ["df"], fn);
  const nu = expandParam(dp, s, fn, "df", "a finite number > 0", positiveFinite);
  const [kn, kg] = split(key);
  const z = uniforms(kn!, nu.length, "float64");
  const half = nu.map((v) => v / 2);
  const lg = logGammaDraws(kg!, half);
  for (let i = 0; i < z.length; i++) {
    const n = normalQuantile((2 * z[i]! - 1 + 2 ** -53 + 1) / 2);
    z[i] = n * Math.exp(0.5 * (Math.log(half[i]!) - lg[i]!));
  }
  return floatTensor(z, s, dtype);
}
