import { ArgumentError } from "../../../core/errors.js";
import { argumentError } from "../../../core/validate.js";
import type { Message } from "../message.js";
import { Messenger } from "../messenger.js";
import { Trace } from "../trace.js";
import { wrap } from "./wrap.js";

const FN = "infer.handlers.replay";

/** Takes latent values (and plate indices) from a recorded trace. */
class ReplayMessenger extends Messenger {
  constructor(private readonly recorded: Trace) {
    super();
  }
  /** NumPyro: plates take the recorded indices; latent sample sites the recorded value, which must be a latent draw there too. */
  override process(msg: Message): void {
    if (msg.type !== "sample" && msg.type !== "plate") return;
    const site = this.recorded.get(msg.name);
    if (site === undefined) return;
    if (msg.type === "plate") {
      if (site.type !== "plate") throw new ArgumentError(`${FN}: site "${msg.name}" is a plate here but a ${site.type} site in the trace`);
      msg.value = site.value;
      return;
    }
    if (msg.isObserved) return;
    if (site.type !== "sample" || site.isObserved)
      throw new ArgumentError(`${FN}: site "${msg.name}" must be a latent sample site in the trace, got ${site.isObserved ? "an observed" : `a ${site.type}`} site`);
    msg.value = site.value;
    msg.infer = { ...site.infer };
  }
}

/**
 * Replays a model against a recorded trace (NumPyro's `handlers.replay`): latent sample sites take the
 * values recorded there (typically from a guide), plates the recorded indices; observed sites keep their data.
 *
 * @example
 * const guideTrace = infer.handlers.trace(infer.handlers.seed(guide, 0)).getTrace(y);
 * infer.handlers.trace(infer.handlers.replay(model, guideTrace)).getTrace(y).logProbSum();
 */
export function replay<A extends unknown[], R>(model: (...args: A) => R, trace: Trace): (...args: A) => R {
  if (!(trace instanceof Trace)) throw argumentError(FN, "trace", "a trace from infer.handlers.trace(model).getTrace(...)", trace);
  return wrap(model, new ReplayMessenger(trace), FN);
}
