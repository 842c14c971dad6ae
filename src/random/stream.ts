import type { PRNGKey } from "./key.js";
import { threefry2x32 } from "./threefry.js";

/**
 * The counter-based streams every sampler draws from. Element i of a sample uses counter (0, i) only,
 * so its value depends on the key and i alone: not on the backend, the thread count or the order of
 * the work. Rejection samplers use one sub-stream per element (see `ElementStream`).
 */

const block = new Uint32Array(2);
const TWO_M23 = 2 ** -23;
const TWO_M52 = 2 ** -52;
const TWO_M53 = 2 ** -53;
const TWO_M32 = 2 ** -32;

/** The 32 random bits of element `i`: the xor of Threefry(key, (0, i))'s words, as JAX's `random.bits`. */
export function bits32(key: PRNGKey, i: number): number {
  threefry2x32(key.k0, key.k1, 0, i, block);
  return (block[0]! ^ block[1]!) >>> 0;
}

/**
 * `n` uniforms in [0, 1) at the precision of `dtype`, as JAX's `random.uniform` makes them: float32
 * from the top 23 of element i's 32 bits, float64 from the top 52 of its 64 bits (high word first).
 */
export function uniforms(key: PRNGKey, n: number, dtype: "float32" | "float64"): Float64Array {
  const out = new Float64Array(n);
  const k0 = key.k0;
  const k1 = key.k1;
  if (dtype === "float32") {
    for (let i = 0; i < n; i++) {
      threefry2x32(k0, k1, 0, i, block);
      out[i] = ((block[0]! ^ block[1]!) >>> 9) * TWO_M23;
    }
  } else {
    for (let i = 0; i < n; i++) {
      threefry2x32(k0, k1, 0, i, block);
      out[i] = (block[0]! * 1048576 + (block[1]! >>> 12)) * TWO_M52;
    }
  }
  return out;
}

/**
 * Element i's own stream of uniforms, for samplers that need a varying number of them (rejection):
 * sub-key i is `split(key, n)[i]` (Threefry(key, (0, i))), and draw j is Threefry(sub-key, (0, j)).
 */
export class ElementStream {
  private s0 = 0;
  private s1 = 0;
  private j = 0;
  private spare = -1;
  private readonly w = new Uint32Array(2);

  /** Starts element `i`'s stream under `key`. */
  start(key: PRNGKey, i: number): void {
    threefry2x32(key.k0, key.k1, 0, i, this.w);
    this.s0 = this.w[0]!;
    this.s1 = this.w[1]!;
    this.j = 0;
    this.spare = -1;
  }

  /** The next uniform in the open interval (0, 1), with 53 random bits. */
  next(): number {
    threefry2x32(this.s0, this.s1, 0, this.j++, this.w);
    return ((this.w[0]! >>> 5) * 67108864 + (this.w[1]! >>> 6) + 0.5) * TWO_M53;
  }

  /**
   * The next uniform in (0, 1) with 32 random bits: each draw of the stream gives two (its two
   * words), for samplers that need many uniforms but not 53 bits (Poisson).
   */
  next32(): number {
    if (this.spare >= 0) {
      const u = (this.spare + 0.5) * TWO_M32;
      this.spare = -1;
      return u;
    }
    threefry2x32(this.s0, this.s1, 0, this.j++, this.w);
    this.spare = this.w[1]!;
    return (this.w[0]! + 0.5) * TWO_M32;
  }
}
