import { globalKey } from "../../distributions/global-key.js";
import type { Message } from "../model/message.js";
import { Messenger } from "../model/messenger.js";

/**
 * Draws a guide's reparameterisable latent sites with `rsample` (differentiable in the guide's
 * parameters), where the default action would draw with `sample` (no gradient): NumPyro's guides
 * sample pathwise whenever the distribution has a reparameterised sampler. Sites without one keep
 * the default draw and get a score-function term in the ELBO.
 */
export class ReparamMessenger extends Messenger {
  /** Fills a latent sample site's value with `fn.rsample` (under `seed`'s key, which inner handlers set first). */
  override process(msg: Message): void {
    if (msg.type !== "sample" || msg.value !== null || msg.isObserved || msg.fn === null || !msg.fn.hasRsample) return;
    msg.value = msg.fn.rsample([], msg.key ?? globalKey());
  }
}
