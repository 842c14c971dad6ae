import { globalKey } from "../../distributions/global-key.js";
import type { Message } from "./message.js";
import { checkSiteValue } from "./site-value.js";

/**
 * The default action (NumPyro's `default_process_message`): a sample site without a value draws one
 * from its (plate-expanded) distribution with the message's key, or the global generator; a given
 * value is checked against the distribution (naming the site); params and plates make theirs with `init`.
 */
export function fillMessage(msg: Message, fn: string): void {
  if (msg.type === "sample") {
    const dist = msg.fn!;
    if (msg.value === null) msg.value = dist.sample([], msg.key ?? globalKey());
    else checkSiteValue(msg.value, dist, fn, msg.name, msg.isObserved ? "the observed value" : "the value");
  } else if (msg.value === null && msg.init !== null) {
    msg.value = msg.init(msg.key);
  }
}
