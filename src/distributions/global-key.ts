import { streamFor } from "../core/random.js";
import { PRNGKey } from "../random/key.js";

/**
 * A fresh key drawn from the global generator (the one `manualSeed` seeds), for `sample()` and
 * `rsample()` called without a key.
 * NOTE: so `manualSeed(s)` makes keyless sampling reproducible, as `torch.manual_seed` does; pass a
 * key (`random.key`, `random.split`) for draws that must not depend on the global state.
 */
export function globalKey(): PRNGKey {
  const rng = streamFor(undefined);
  return new PRNGKey(Math.floor(rng.next() * 4294967296), Math.floor(rng.next() * 4294967296));
}
