import type { PRNGKey } from "../../random/key.js";
import { ElementStream } from "../../random/stream.js";

/**
 * One chain's random numbers: uniforms and standard normals from a counter-based stream of its key,
 * so a chain's draws depend on its key alone (not on other chains or on the order they run in).
 *
 * NOTE: normals come from the Box–Muller transform of two uniforms (both halves are used); the
 * stream is Threefry under the key (`random`'s element streams), not Stan's boost generator, so draws
 * equal Stan's in distribution, not bit for bit.
 */
export class ChainRng {
  private readonly stream = new ElementStream();
  private spare = NaN;

  /** A generator reading the stream of `key`. */
  constructor(key: PRNGKey) {
    this.stream.start(key, 0);
  }

  /** A uniform in the open interval (0, 1). */
  uniform(): number {
    return this.stream.next();
  }

  /** A standard normal. */
  normal(): number {
    if (this.spare === this.spare) {
      const z = this.spare;
      this.spare = NaN;
      return z;
    }
    const r = Math.sqrt(-2 * Math.log(this.stream.next()));
    const t = 2 * Math.PI * this.stream.next();
    this.spare = r * Math.sin(t);
    return r * Math.cos(t);
  }
}
