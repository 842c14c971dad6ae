import type { Tensor } from "../tensor/tensor.js";
import { checkKey, type PRNGKey } from "./key.js";
import { drawThroughHook } from "./batching-hook.js";
import { expandParam, intTensor, readParam, sampleShape, type Param } from "./params.js";
import { logFactorial } from "./special.js";
import { ElementStream } from "./stream.js";

/** The largest rate `random.poisson` takes (2³⁰: its draws stay far inside int32). */
export const MAX_POISSON_RATE = 2 ** 30;

const stream = new ElementStream();

/** Knuth's multiplication method (expected λ + 1 uniforms of 32 bits), for λ < 10. */
function knuth(lam: number, s: ElementStream): number {
  const limit = Math.exp(-lam);
  let k = 0;
  let p = s.next32();
  while (p > limit) {
    k++;
    p *= s.next32();
  }
  return k;
}

/** Hörmann (1993), "The transformed rejection method for generating Poisson random variables" (PTRS), for λ ≥ 10: O(1) per draw. */
function ptrs(lam: number, s: ElementStream): number {
  const slam = Math.sqrt(lam);
  const loglam = Math.log(lam);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const logInvAlpha = Math.log(1.1239 + 1.1328 / (b - 3.4));
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = s.next32() - 0.5;
    const v = s.next32();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + lam + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (Math.log(v) + logInvAlpha - Math.log(a / (us * us) + b) <= -lam + k * loglam - logFactorial(k)) return k;
  }
}

/**
 * Poisson(lam) counts as int32: Knuth's multiplication for λ < 10, Hörmann's transformed rejection
 * (PTRS) for λ ≥ 10 (the split JAX and NumPy use), each element from its own stream under `key`.
 * `lam` is a number or tensor in [0, 2³⁰], broadcast to `shape`.
 * @example random.poisson(random.key(0), 3, [1000])
 */
export function poisson(key: PRNGKey, lam: Param, shape?: readonly number[]): Tensor {
  const hooked = drawThroughHook("random.poisson", key, [lam], (k, [l1]) => poisson(k, l1 as Param, shape));
  if (hooked !== null) return hooked;
  const fn = "random.poisson";
  checkKey(key, fn);
  const lp = readParam(lam, fn, "lam");
  const s = sampleShape(shape, [lp], ["lam"], fn);
  const rates = expandParam(lp, s, fn, "lam", `a number in [0, ${MAX_POISSON_RATE}] (2³⁰)`, (x) => x >= 0 && x <= MAX_POISSON_RATE);
  const out = new Int32Array(rates.length);
  for (let i = 0; i < rates.length; i++) {
    const r = rates[i]!;
    if (r === 0) continue;
    stream.start(key, i);
    out[i] = r < 10 ? knuth(r, stream) : ptrs(r, stream);
  }
  return intTensor(out, s);
}
