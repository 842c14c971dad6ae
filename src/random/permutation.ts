import { ArgumentError, ShapeError } from "../core/errors.js";
import { allocArray } from "../core/dtype.js";
import { argumentError, checkBoolean, checkInteger, checkOptions, describeValue } from "../core/validate.js";
import { Tensor } from "../tensor/tensor.js";
import { checkKey, type PRNGKey } from "./key.js";
import { drawThroughHook } from "./batching-hook.js";
import { checkSampleShape, intTensor } from "./params.js";
import { threefry2x32 } from "./threefry.js";
import { uniforms } from "./stream.js";

const words = new Uint32Array(2);

/** 0..n−1 in random order: sorted by element i's 64 random bits (ties, probability ~n²/2⁶⁵, by index). */
function randomOrder(key: PRNGKey, n: number): Int32Array {
  const hi = new Float64Array(n);
  const lo = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    threefry2x32(key.k0, key.k1, 0, i, words);
    hi[i] = words[0]!;
    lo[i] = words[1]!;
  }
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => hi[a]! - hi[b]! || lo[a]! - lo[b]! || a - b);
  return Int32Array.from(order);
}

/**
 * Rows `rows` (along axis 0) of a concrete tensor, as a new tensor of shape `[...lead, ...x.shape[1:]]`.
 * NOTE: the result is not differentiable, so a tensor being differentiated is refused rather than
 * given a silent zero gradient; `gather(x, random.permutation(key, n))` is the differentiable form.
 */
function takeRows(x: Tensor, rows: Int32Array, lead: readonly number[], fn: string, arg: string): Tensor {
  if (x._owner !== null || x.requiresGrad)
    throw new ArgumentError(`${fn}: ${arg} must not be a tensor being differentiated (a transform's tracer or requiresGrad), got ${describeValue(x)}; its rows would get no gradient: use gather(${arg}, indices) with indices from ${fn}(key, ${arg}.shape[0]${fn.endsWith("choice") ? ", shape, options" : ""})`);
  const src = x._concrete(fn)._data!;
  const inner = x.shape.slice(1).reduce((a, b) => a * b, 1);
  const out = allocArray(x.dtype, rows.length * inner);
  for (let r = 0; r < rows.length; r++) out.set(src.subarray(rows[r]! * inner, (rows[r]! + 1) * inner), r * inner);
  return new Tensor([...lead, ...x.shape.slice(1)], x.dtype, out);
}

/**
 * A random permutation: of 0..n−1 (int32) for an integer `x`, or of a tensor's rows (axis 0).
 * Every ordering is equally likely (sorting by random 64-bit keys).
 * @example random.permutation(random.key(0), 5)   // e.g. [3, 0, 4, 1, 2]
 */
export function permutation(key: PRNGKey, x: number | Tensor): Tensor {
  const hooked = drawThroughHook("random.permutation", key, [x], (k, [x1]) => permutation(k, x1 as number | Tensor));
  if (hooked !== null) return hooked;
  const fn = "random.permutation";
  checkKey(key, fn);
  if (typeof x === "number") {
    checkInteger(x, fn, "x", 0, 2 ** 31 - 1);
    return intTensor(randomOrder(key, x), [x]);
  }
  if (!(x instanceof Tensor)) throw argumentError(fn, "x", "an integer ≥ 0 or a tensor", x);
  if (x.shape.length === 0) throw new ShapeError(`${fn}: x must have at least one axis to permute, got a tensor of shape []`);
  return takeRows(x, randomOrder(key, x.shape[0]!), [x.shape[0]!], fn, "x");
}

/** Options of `random.choice`. */
export interface ChoiceOptions {
  /** Draw with replacement (default true). */
  replace?: boolean;
  /** Probabilities of the n candidates (a tensor of shape [n], ≥ 0, not all 0; normalised here); uniform unless given. */
  p?: Tensor;
}

/**
 * Random picks from 0..a−1 (an integer `a`) or from a tensor's rows: `shape` of them, with or
 * without replacement, uniformly or with probabilities `p` (JAX's `choice`: inverse CDF with
 * replacement, Gumbel-top-k without).
 * @example random.choice(random.key(0), 10, [3], { replace: false })
 */
export function choice(key: PRNGKey, a: number | Tensor, shape: readonly number[] = [], options?: ChoiceOptions): Tensor {
  const hooked = drawThroughHook("random.choice", key, [a, options?.p], (k, [a1, p1]) => choice(k, a1 as number | Tensor, shape, { ...options, p: p1 as Tensor | undefined }));
  if (hooked !== null) return hooked;
  const fn = "random.choice";
  checkKey(key, fn);
  let n: number;
  if (typeof a === "number") n = checkInteger(a, fn, "a", 0, 2 ** 31 - 1);
  else if (a instanceof Tensor && a.shape.length > 0) n = a.shape[0]!;
  else throw argumentError(fn, "a", "an integer ≥ 0 or a tensor with at least one axis", a);
  const s = checkSampleShape(shape, fn);
  const o = checkOptions<ChoiceOptions>(options, fn);
  const replace = o.replace === undefined ? true : checkBoolean(o.replace, fn, "options.replace");
  const m = s.reduce((x, y) => x * y, 1);
  let weights: ArrayLike<number> | null = null;
  if (o.p !== undefined) {
    if (!(o.p instanceof Tensor) || o.p.shape.length !== 1 || o.p.shape[0] !== n || o.p.dtype === "bool")
      throw argumentError(fn, "options.p", `a numeric tensor of shape [${n}]`, o.p);
    weights = o.p._concrete(fn)._data!;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const w = weights[i]!;
      if (!(w >= 0 && w < Infinity)) throw new ArgumentError(`${fn}: options.p must hold finite numbers ≥ 0, got ${describeValue(w)} at element ${i}`);
      total += w;
    }
    if (!(total > 0)) throw new ArgumentError(`${fn}: options.p must not be all zero`);
  }
  if (m > 0 && n === 0) throw new ArgumentError(`${fn}: a must have at least one candidate to pick ${m}, got none`);
  if (!replace && m > n) throw new ArgumentError(`${fn}: cannot pick ${m} of ${n} candidates without replacement`);
  let picks: Int32Array;
  if (replace) {
    const u = uniforms(key, m, "float64");
    picks = new Int32Array(m);
    if (weights === null) for (let i = 0; i < m; i++) picks[i] = Math.min(n - 1, Math.floor(u[i]! * n));
    else {
      const cdf = new Float64Array(n);
      let acc = 0;
      for (let i = 0; i < n; i++) cdf[i] = acc += weights[i]!;
      for (let i = 0; i < m; i++) {
        const r = acc * (1 - u[i]!);
        let lo = 0;
        let hi = n - 1;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (cdf[mid]! < r) lo = mid + 1;
          else hi = mid;
        }
        picks[i] = lo;
      }
    }
  } else if (weights === null) picks = randomOrder(key, n).slice(0, m);
  else {
    // Gumbel-top-k: the m largest log p + Gumbel noise are a weighted sample without replacement.
    const u = uniforms(key, n, "float64");
    const score = new Float64Array(n);
    for (let i = 0; i < n; i++) score[i] = Math.log(weights[i]!) - Math.log(-Math.log(Math.max(2 ** -1022, u[i]!)));
    const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => score[y]! - score[x]! || x - y);
    picks = Int32Array.from(order.slice(0, m));
  }
  return typeof a === "number" ? intTensor(picks, s) : takeRows(a, picks, s, fn, "a");
}
