import { ArgumentError } from "../../../core/errors.js";
import { argumentError } from "../../../core/validate.js";
import { mul } from "../../../ops/index.js";
import { Tensor } from "../../../tensor/tensor.js";
import type { Message } from "../message.js";
import { Messenger } from "../messenger.js";
import { wrap } from "./wrap.js";

const FN = "infer.handlers.scale";

/** Multiplies the scale of every site that reaches it. */
class ScaleMessenger extends Messenger {
  constructor(private readonly factor: number | Tensor) {
    super();
  }
  override process(msg: Message): void {
    if (msg.type === "plate") return;
    const f = this.factor;
    msg.scale = msg.scale === null ? f : typeof msg.scale === "number" && typeof f === "number" ? msg.scale * f : mul(msg.scale, f);
  }
}

/**
 * Multiplies the log density of every site inside by `factor` (NumPyro's `handlers.scale`): a
 * positive number, or a tensor that broadcasts with the sites' batch shapes (per-observation weights).
 *
 * @example
 * infer.handlers.scale(model, 100)  // a minibatch standing for 100× as much data
 */
export function scale<A extends unknown[], R>(model: (...args: A) => R, factor: number | Tensor): (...args: A) => R {
  if (typeof factor === "number") {
    if (!(factor > 0 && factor < Infinity)) throw argumentError(FN, "factor", "a finite number > 0", factor);
  } else if (!(factor instanceof Tensor)) throw argumentError(FN, "factor", "a finite number > 0 or a tensor", factor);
  else if (factor.dtype === "bool" || factor.dtype === "int32")
    throw new ArgumentError(`${FN}: factor must be a float tensor, got a ${factor.dtype} tensor`);
  return wrap(model, new ScaleMessenger(factor), FN);
}
