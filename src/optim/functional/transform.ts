/**
 * Gradient transformations (optax's design): a pair of pure functions over trees,
 *
 *   init(params) → state
 *   update(updates, state, params?) → [newUpdates, newState]
 *
 * that never mutate their inputs. Optimizers are chains of them (momentum → dualize by a norm →
 * weight decay → scale by −lr), and the result is *added* to the parameters with `applyUpdates`.
 * Update trees may hold `null` for parameters without a gradient: transformations pass those through
 * and leave their state alone (as PyTorch skips parameters whose `.grad` is None).
 */
import { ArgumentError } from "../../core/errors.js";
import type { TreeDef } from "../../core/tree.js";
import { argumentError } from "../../core/validate.js";
import type { Tensor } from "../../tensor/tensor.js";
import { flattenTree, flattenUpdates, unflattenTree, type ParamTree, type UpdateTree } from "../tree.js";

/** A pure, composable update rule. */
export interface GradientTransformation<S = unknown> {
  /** The initial state for these parameters. */
  init(params: ParamTree): S;
  /** Transforms updates (gradients at the start of a chain); returns the new updates and state. */
  update<U extends UpdateTree>(updates: U, state: S, params?: ParamTree): [U, S];
  /**
   * Optional fast path of an optimizer step: `update` on the gradients followed by p ← p + u for
   * every parameter with a gradient, in one pass, each parameter's data replaced by a fresh array
   * (its version counter moved, as `applyUpdate`); the same bits and state as the slow path.
   * Returns the new state, or null (nothing changed) where it does not apply.
   */
  applyInPlace?(grads: readonly (Tensor | null | undefined)[], state: S, params: readonly Tensor[]): S | null;
}

/** The per-leaf view of an update step. */
export interface Leaves {
  /** Update leaves (null: no gradient). */
  us: (Tensor | null)[];
  /** Parameter leaves, aligned with `us` (when params were given). */
  ps: Tensor[] | null;
  def: TreeDef;
}

/** @internal Flattens updates (and params, which must then match). */
export function leavesOf(updates: UpdateTree, params: ParamTree | undefined, where: string, needParams = false): Leaves {
  const [us, def] = flattenUpdates(updates, `${where} updates`);
  let ps: Tensor[] | null = null;
  if (params !== undefined) {
    ps = flattenTree(params, `${where} params`)[0];
    if (ps.length !== us.length) throw new ArgumentError(`${where}: ${us.length} updates but ${ps.length} parameters`);
  } else if (needParams) throw new ArgumentError(`${where}: needs the parameters: call update(updates, state, params)`);
  return { us, ps, def };
}

/** @internal Rebuilds an update tree from leaves. */
export function rebuild<U extends UpdateTree>(l: Leaves, us: readonly (Tensor | null)[]): U {
  return unflattenTree<U>(l.def, us);
}

/** @internal Checks that a per-leaf state has one entry per update leaf. */
export function checkCount(n: number, expected: number, where: string): void {
  if (n !== expected)
    throw new ArgumentError(`${where}: the state holds ${expected} parameters but the updates have ${n}; was it initialised for other parameters?`);
}

/** @internal A transformation without state. */
export function stateless(fn: <U extends UpdateTree>(updates: U, params?: ParamTree) => U): GradientTransformation<Record<string, never>> {
  return {
    init: () => ({}),
    update: (updates, state, params) => [fn(updates, params), state],
  };
}

/** The transformation that changes nothing. */
export function identity(): GradientTransformation<Record<string, never>> {
  return stateless((u) => u);
}

/**
 * Applies transformations in order; the state is the array of their states.
 *
 * @example
 * const tx = functional.chain(functional.momentum({ beta: 0.9 }), functional.dualizeBy(norms.spectral()), functional.scaleByLearningRate(0.02));
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each transformation has its own state type
export function chain(...txs: readonly GradientTransformation<any>[]): GradientTransformation<unknown[]> {
  return {
    init: (params) => txs.map((t) => t.init(params)),
    update(updates, state, params) {
      if (!Array.isArray(state) || state.length !== txs.length)
        throw argumentError("chain", "state", `an array of ${txs.length} states (one per transformation, from init)`, state);
      let u = updates;
      const next = txs.map((t, i) => {
        const [u2, s2] = t.update(u, state[i], params);
        u = u2;
        return s2;
      });
      return [u, next];
    },
  };
}
