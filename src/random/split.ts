import { checkInteger } from "../core/validate.js";
import { checkKey, PRNGKey } from "./key.js";
import { threefry2x32 } from "./threefry.js";

const words = new Uint32Array(2);

/**
 * `n` new keys from `key`: key i is Threefry(key, counter (0, i)), JAX's partitionable split
 * (`jax_threefry_partitionable`, the default since JAX 0.5), so the keys equal JAX's bit for bit.
 * @example const [k1, k2] = random.split(random.key(0));
 */
export function split(key: PRNGKey, n = 2): PRNGKey[] {
  checkKey(key, "random.split");
  checkInteger(n, "random.split", "n", 0, 2 ** 32 - 1);
  const out: PRNGKey[] = new Array(n);
  for (let i = 0; i < n; i++) {
    threefry2x32(key.k0, key.k1, 0, i, words);
    out[i] = new PRNGKey(words[0]!, words[1]!);
  }
  return out;
}

/**
 * A new key from `key` and an integer (a step number, an index, a name's hash): Threefry(key,
 * counter (0, data mod 2³²)), as `jax.random.fold_in`.
 * @example const stepKey = random.foldIn(key, step);
 */
export function foldIn(key: PRNGKey, data: number): PRNGKey {
  checkKey(key, "random.foldIn");
  checkInteger(data, "random.foldIn", "data", -(2 ** 31), 2 ** 32 - 1);
  threefry2x32(key.k0, key.k1, 0, data >>> 0, words);
  return new PRNGKey(words[0]!, words[1]!);
}
