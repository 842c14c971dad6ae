import { TransformError } from "../core/errors.js";
import type { TreeDef } from "../core/tree.js";
import type { Tensor } from "../tensor/tensor.js";

/**
 * A Jacobian strategy that a higher layer registers for `jacobian(f, { mode })`: given `f` on its
 * flat differentiated inputs, the blocks J[o][i] (shape `[...out_o, ...in_i]`) and `f`'s output structure.
 */
export type JacobianStrategy = (call: (xs: Tensor[]) => unknown, flatIn: readonly Tensor[], fn: string) => [TreeDef, Tensor[][]];

/** Modes whose strategy lives above src/transforms. */
export type RegisteredJacobianMode = "eliminate";

const strategies = new Map<RegisteredJacobianMode, JacobianStrategy>();

/**
 * Registers the strategy of a Jacobian mode (NOTE: a hook, like `registerPrimitive`, because vertex
 * elimination needs trace capture and sparsity rules, which sit above src/transforms).
 */
export function registerJacobianMode(mode: RegisteredJacobianMode, strategy: JacobianStrategy): void {
  strategies.set(mode, strategy);
}

/** The registered strategy of `mode`, or a TransformError when the layer providing it was not loaded. */
export function jacobianStrategy(mode: RegisteredJacobianMode, fn: string): JacobianStrategy {
  const s = strategies.get(mode);
  if (s === undefined) throw new TransformError(`${fn}: mode "${mode}" is provided by src/sparse; import the package root ("wengert") to load it`);
  return s;
}
