import { checkFiniteNumber } from "./validate.js";
/**
 * Seeded random numbers: a 32-bit counter-free generator (sfc32) seeded through splitmix32.
 * NOTE: results are reproducible for a given seed on every platform; they are not cryptographic.
 */

/** A stream of uniform numbers in [0, 1). */
export interface RandomStream {
  /** The next uniform number in [0, 1). */
  next(): number;
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** A new generator for `seed`. */
export function randomStream(seed: number): RandomStream {
  const init = splitmix32(Math.floor(seed) ^ 0x5bd1e995);
  let a = init();
  let b = init();
  let c = init();
  let d = init();
  const next = (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    const t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    const r = (t + d) | 0;
    c = (c + r) | 0;
    return r >>> 0;
  };
  // Two 32-bit draws give a 53-bit uniform double.
  return { next: () => ((next() >>> 5) * 67108864 + (next() >>> 6)) / 9007199254740992 };
}

let globalSeed = 0x2f6b1c3;
let globalStream = randomStream(globalSeed);

/** Seeds the global generator used when a creation function gets no `seed`. */
export function manualSeed(seed: number): void {
  checkFiniteNumber(seed, "manualSeed", "seed");
  globalSeed = seed;
  globalStream = randomStream(seed);
}

/** The stream for an optional explicit seed: a fresh one, or the global one. */
export function streamFor(seed: number | undefined): RandomStream {
  return seed === undefined ? globalStream : randomStream(seed);
}

/** A standard normal draw (Box–Muller). */
export function normalDraw(rng: RandomStream): number {
  let u = rng.next();
  while (u === 0) u = rng.next();
  const v = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
