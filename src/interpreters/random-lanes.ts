import { TransformError } from "../core/errors.js";
import { materializeBatch } from "../primitives/batching.js";
import { currentInterpreter, within, type Interpreter } from "../primitives/bind.js";
import { concat } from "../primitives/movement/concat.js";
import { reshape } from "../primitives/movement/reshape.js";
import { slice } from "../primitives/movement/slice.js";
import type { Draw } from "../random/batching-hook.js";
import type { PRNGKey } from "../random/key.js";
import { foldIn } from "../random/split.js";
import { Tensor } from "../tensor/tensor.js";
import { BatchInterpreter } from "./batch.js";

/** Example `i` of `batch` (batch on axis 0), one level below the batching interpreter. */
function laneOf(batch: Tensor, i: number): Tensor {
  const rest = batch.shape.slice(1);
  return reshape(slice(batch, [i, ...rest.map(() => 0)], [1, ...rest]), rest);
}

/**
 * vmap's sampler hook (installed by the package root): a random draw inside `vmap` follows the
 * innermost vmap's `randomness`. `"error"` raises; `"same"` draws once (unbatched: every example
 * sees it); `"different"` draws example i from `foldIn(key, i)` and stacks the draws as a batched
 * value. A sampler parameter batched by that vmap (random.gamma(key, a) with a per-example `a`) is
 * read per example: each example draws with its own parameter (under `"same"`, from the one key).
 * NOTE: nested vmaps fold once per level, innermost first: example j of an inner vmap inside
 * example i of an outer one (both `"different"`) draws from foldIn(foldIn(key, j), i).
 * NOTE: parameters are read through the transforms above the vmap (samplers take no gradient),
 * and the draws loop over the examples (one call of the sampler's kernel each).
 */
export function drawInVmap(fn: string, key: PRNGKey, params: readonly unknown[], draw: Draw): Tensor | null {
  const above = new Set<Interpreter>();
  let level: BatchInterpreter | null = null;
  for (let i: Interpreter | null = currentInterpreter(); i !== null; i = i.parent) {
    if (i instanceof BatchInterpreter && i.active) {
      level = i;
      break;
    }
    above.add(i);
  }
  if (level === null) return null;
  if (level.randomness === "error")
    throw new TransformError(
      `${fn}: called inside vmap, whose options.randomness is "error" (the default), so it may not draw random numbers. ` +
        `Pass randomness: "different" to vmap for independent draws per example (keys foldIn(key, i)), ` +
        `or randomness: "same" for one draw shared by every example`,
    );
  const L = level;
  // Parameters as this vmap sees them: tracers of the transforms above it are read through.
  const ps = params.map((p) => {
    let t = p;
    while (t instanceof Tensor && t._owner !== null && above.has(t._owner as Interpreter) && t._primal !== null) t = t._primal;
    return t;
  });
  const batched = ps.map((p) => p instanceof Tensor && p._owner === L);
  const one = (k: PRNGKey, lane: readonly unknown[]): Tensor => within(L.parent, () => drawInVmap(fn, k, lane, draw) ?? draw(k, lane));
  if (L.randomness === "same" && !batched.includes(true)) return one(key, ps);
  if (L.axisSize === 0 && !batched.includes(true)) return L.lift(within(L.parent, () => materializeBatch(one(key, ps), 0)));
  const lanes: Tensor[] = [];
  for (let i = 0; i < L.axisSize; i++) {
    const lane = ps.map((p, j) => (batched[j] ? within(L.parent, () => laneOf((p as Tensor)._primal!, i)) : p));
    lanes.push(one(L.randomness === "different" ? foldIn(key, i) : key, lane));
  }
  return L.lift(within(L.parent, () => concat(lanes.map((t) => reshape(t, [1, ...t.shape])), 0)));
}
