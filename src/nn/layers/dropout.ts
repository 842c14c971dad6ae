import { checkFiniteNumber, checkOptions } from "../../core/validate.js";
import { ArgumentError } from "../../core/errors.js";
import { showValue } from "../../core/validate.js";
import { randomStream, streamFor, type RandomStream } from "../../core/random.js";
import { allocArray } from "../../core/dtype.js";
import { fromData } from "../../tensor/creation.js";
import { globalDrawThroughHook } from "../../tensor/global-draw-hook.js";
import type { Tensor } from "../../tensor/tensor.js";
import { mul } from "../../ops/arithmetic.js";
import { Module } from "../module.js";

/** Options of `Dropout`. */
export interface DropoutOptions {
  /** Seed of the dropout masks: the same seed gives the same sequence of masks. Global generator when omitted. */
  seed?: number;
}

/**
 * In training mode, zeroes each element with probability `p` and scales the rest by 1/(1 − p), so
 * the expected value is unchanged; in evaluation mode it is the identity. The mask is a constant:
 * the gradient is the same mask.
 *
 * @example
 * const drop = new Dropout(0.5, { seed: 0 });
 * drop.forward(ones([4])); // e.g. [2, 0, 2, 2] in training, [1, 1, 1, 1] after drop.eval()
 */
export class Dropout extends Module {
  private _rng: RandomStream | null;

  constructor(
    readonly p = 0.5,
    opts: DropoutOptions = {},
  ) {
    super();
    if (typeof p !== "number" || !(p >= 0 && p <= 1)) throw new ArgumentError(`Dropout: p must be in [0, 1], got ${showValue(p)}`);
    const seed = checkOptions<DropoutOptions>(opts, "Dropout").seed;
    this._rng = seed === undefined ? null : randomStream(checkFiniteNumber(seed, "Dropout", "seed"));
  }

  forward(x: Tensor): Tensor {
    if (!this.training || this.p === 0) return x;
    const rng = this._rng ?? streamFor(undefined);
    const keep = 1 - this.p;
    const scale = keep === 0 ? 0 : 1 / keep;
    const draw = (): Tensor => {
      const mask = allocArray(x.dtype, x.size);
      for (let i = 0; i < mask.length; i++) mask[i] = rng.next() < keep ? scale : 0;
      return fromData(mask, x.shape, x.dtype);
    };
    // Inside vmap the mask follows its `randomness` option (one mask per example with "different").
    return mul(x, globalDrawThroughHook("Dropout", draw) ?? draw());
  }

  override extraRepr(): string {
    return `p=${this.p}`;
  }
}
