import { argumentError } from "../../../core/validate.js";
import { PRNGKey, key as keyOf } from "../../../random/key.js";
import { split } from "../../../random/split.js";
import type { Message } from "../message.js";
import { Messenger } from "../messenger.js";
import { wrap } from "./wrap.js";

const FN = "infer.handlers.seed";

/** Hands each draw a fresh key split off its own. */
class SeedMessenger extends Messenger {
  constructor(private key: PRNGKey) {
    super();
  }
  /** NumPyro: unobserved samples without a value, plates that draw indices and params with an init function get a key. */
  override process(msg: Message): void {
    if (msg.value !== null || msg.key !== null) return;
    if (msg.type === "sample" ? msg.isObserved : msg.init === null) return;
    const [next, sub] = split(this.key);
    this.key = next!;
    msg.key = sub!;
  }
}

/**
 * Seeds a model's draws (NumPyro's `handlers.seed`): every draw inside gets its own key, split from
 * `rngSeed` (an integer or a `random.key`), so `seed(model, 0)` makes the same draws whenever it is
 * made afresh. NOTE: as in NumPyro the handler keeps splitting its key, so calling one seeded model
 * twice gives two different (reproducible) runs.
 *
 * @example
 * const tr = infer.handlers.trace(infer.handlers.seed(model, 0)).getTrace();
 */
export function seed<A extends unknown[], R>(model: (...args: A) => R, rngSeed: number | PRNGKey): (...args: A) => R {
  let k: PRNGKey;
  if (rngSeed instanceof PRNGKey) k = rngSeed;
  else if (typeof rngSeed === "number" && Number.isSafeInteger(rngSeed)) k = keyOf(rngSeed);
  else throw argumentError(FN, "rngSeed", "an integer or a key from random.key", rngSeed);
  return wrap(model, new SeedMessenger(k), FN);
}
