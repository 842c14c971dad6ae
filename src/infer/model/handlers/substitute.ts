import type { Message } from "../message.js";
import { Messenger } from "../messenger.js";
import { checkSiteData, lookupSite, type SiteData } from "./site-data.js";
import { wrap } from "./wrap.js";

const FN = "infer.handlers.substitute";

/** Gives sites fixed values without making them observed. */
class SubstituteMessenger extends Messenger {
  constructor(private readonly data: SiteData) {
    super();
  }
  override process(msg: Message): void {
    const v = lookupSite(this.data, msg, FN);
    if (v !== null) msg.value = v;
  }
}

/**
 * Substitutes values for sites (NumPyro's `handlers.substitute`): sample, param, deterministic and
 * plate sites named in `data` take those values; sample sites stay latent (not observed), so a
 * log density evaluated on the trace is the joint at those values.
 *
 * @example
 * infer.handlers.trace(infer.handlers.substitute(model, { mu: 0.5 })).getTrace(y).logProbSum();
 */
export function substitute<A extends unknown[], R>(model: (...args: A) => R, data: SiteData): (...args: A) => R {
  return wrap(model, new SubstituteMessenger(checkSiteData(data, FN)), FN);
}
