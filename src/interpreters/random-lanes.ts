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
 * The innermost active vmap on the interpreter stack and the interpreters above it, or null; raises
 * for randomness "error", naming the sampler `fn` (`how` says how "different" draws).
 */
function innermostVmap(fn: string, how: string): [BatchInterpreter, Set<Interpreter>] | null {
  const above = new Set<Interpreter>();
  for (let i: Interpreter | null = currentInterpreter(); i !== null; i = i.parent) {
    if (i instanceof BatchInterpreter && i.active) {
      if (i.randomness === "error")
        throw new TransformError(
          `${fn}: called inside vmap, whose options.randomness is "error" (the default), so it may not draw random numbers. ` +
            `Pass randomness: "different" to vmap for independent draws per example (${how}), ` +
            `or randomness: "same" for one draw shared by every example`,
        );
      return [i, above];
    }
    above.add(i);
  }
  return null;
}

/** The lanes' draws stacked along a new axis 0, as a value batched by `L`. */
function liftLanes(L: BatchInterpreter, lanes: readonly Tensor[]): Tensor {
  return L.lift(within(L.parent, () => concat(lanes.map((t) => reshape(t, [1, ...t.shape])), 0)));
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
  const found = innermostVmap(fn, "keys foldIn(key, i)");
  if (found === null) return null;
  const [L, above] = found;
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
  return liftLanes(L, lanes);
}

/**
 * vmap's hook for the global generator (`rand`, `randn`, `randint`): `"error"` raises, `"same"`
 * draws once, `"different"` draws once per example, in turn from the global generator (so the
 * examples' draws are consecutive draws of the one stream; a call with a `seed` option repeats its
 * seed in every example).
 */
export function drawGlobalInVmap(fn: string, draw: () => Tensor): Tensor | null {
  const found = innermostVmap(fn, "in turn from the global generator");
  if (found === null) return null;
  const [L] = found;
  const one = (): Tensor => within(L.parent, () => drawGlobalInVmap(fn, draw) ?? draw());
  if (L.randomness === "same") return one();
  if (L.axisSize === 0) return L.lift(within(L.parent, () => materializeBatch(one(), 0)));
  return liftLanes(L, Array.from({ length: L.axisSize }, one));
}
