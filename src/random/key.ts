import { argumentError, checkInteger } from "../core/validate.js";

/**
 * A random key: two 32-bit words, immutable. Make one with `random.key(seed)`, derive more with
 * `random.split` and `random.foldIn`, and pass one to every sampler.
 *
 * NOTE: keys are pure values (JAX's model): the same key always gives the same numbers, so split a
 * key instead of reusing it for draws that should be independent.
 */
export class PRNGKey {
  /** The high word (unsigned 32-bit). */
  readonly k0: number;
  /** The low word (unsigned 32-bit). */
  readonly k1: number;

  /** A key from its two words (integers in [0, 2³²)); `random.key(seed)` is the usual way to make one. */
  constructor(k0: number, k1: number) {
    this.k0 = checkInteger(k0, "random.PRNGKey", "k0", 0, 4294967295);
    this.k1 = checkInteger(k1, "random.PRNGKey", "k1", 0, 4294967295);
    Object.freeze(this);
  }

  /** `PRNGKey(0x00000000, 0x0000002a)`: the two words in hex. */
  toString(): string {
    const hex = (w: number): string => `0x${w.toString(16).padStart(8, "0")}`;
    return `PRNGKey(${hex(this.k0)}, ${hex(this.k1)})`;
  }

  /** The two words, `[k0, k1]` (what JAX's `jax.random.key_data` shows). */
  toJSON(): [number, number] {
    return [this.k0, this.k1];
  }
}

/**
 * A key from an integer seed: the words are the seed's two's-complement 64-bit halves (high, low), as
 * JAX's `jax.random.key(seed)` makes them (with `jax_enable_x64` for seeds outside 32 bits).
 * @example random.key(0)   // PRNGKey(0x00000000, 0x00000000)
 */
export function key(seed: number): PRNGKey {
  checkInteger(seed, "random.key", "seed", -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  return new PRNGKey(Math.floor(seed / 4294967296) >>> 0, seed >>> 0);
}

/** Checks that `value` is a key; the error names `fn` and `arg`. */
export function checkKey(value: unknown, fn: string, arg = "key"): PRNGKey {
  if (!(value instanceof PRNGKey)) throw argumentError(fn, arg, "a key from random.key(seed) or random.split", value);
  return value;
}
