import type { Message } from "../message.js";
import { Messenger } from "../messenger.js";
import { checkSiteData, lookupSite, type SiteData } from "./site-data.js";
import { wrap } from "./wrap.js";

const FN = "infer.handlers.condition";

/** Makes sample sites observed at the given values. */
class ConditionMessenger extends Messenger {
  constructor(private readonly data: SiteData) {
    super();
  }
  override process(msg: Message): void {
    if (msg.type !== "sample") return;
    const v = lookupSite(this.data, msg, FN);
    if (v === null) return;
    msg.value = v;
    msg.isObserved = true;
  }
}

/**
 * Conditions a model on data (NumPyro's `handlers.condition`): each sample site named in `data` takes
 * that value and becomes observed, so its log density counts as a likelihood term and nothing is drawn.
 *
 * @example
 * const posteriorModel = infer.handlers.condition(model, { y: tensor([1.2, 0.4]) });
 */
export function condition<A extends unknown[], R>(model: (...args: A) => R, data: SiteData): (...args: A) => R {
  return wrap(model, new ConditionMessenger(checkSiteData(data, FN)), FN);
}
