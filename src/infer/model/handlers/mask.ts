import { DTypeError } from "../../../core/errors.js";
import { argumentError } from "../../../core/validate.js";
import { logicalAnd } from "../../../ops/index.js";
import { Tensor } from "../../../tensor/tensor.js";
import type { Message } from "../message.js";
import { Messenger } from "../messenger.js";
import { wrap } from "./wrap.js";

const FN = "infer.handlers.mask";

/** Combines its mask into every sample site's. */
class MaskMessenger extends Messenger {
  constructor(private readonly keep: boolean | Tensor) {
    super();
  }
  override process(msg: Message): void {
    if (msg.type !== "sample") return;
    const k = this.keep;
    const m = msg.mask;
    if (m === null || m === true) msg.mask = k;
    else if (k === true) return;
    else if (m === false || k === false) msg.mask = false;
    else msg.mask = logicalAnd(m, k);
  }
}

/**
 * Masks the log density of the sample sites inside (NumPyro's `handlers.mask`): where `keep` is false
 * the site's log density is 0 (the value is still drawn or observed). `keep` is a boolean or a bool
 * tensor broadcasting with the sites' batch shapes (e.g. missing observations).
 *
 * @example
 * infer.handlers.mask(model, notMissing)
 */
export function mask<A extends unknown[], R>(model: (...args: A) => R, keep: boolean | Tensor): (...args: A) => R {
  if (keep instanceof Tensor) {
    if (keep.dtype !== "bool") throw new DTypeError(`${FN}: keep must be a boolean or a bool tensor, got a ${keep.dtype} tensor`);
  } else if (typeof keep !== "boolean") throw argumentError(FN, "keep", "a boolean or a bool tensor", keep);
  return wrap(model, new MaskMessenger(keep), FN);
}
