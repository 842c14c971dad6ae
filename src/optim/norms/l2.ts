/**
 * ℓ2 (Euclidean) and Frobenius: ‖w‖ = √(Σ w²) over every element of the tree. Self-dual:
 * dual = ‖g‖₂, dualize(g) = g/‖g‖₂ (normalized gradient descent), sharp(g) = g (gradient descent).
 */
import { div } from "../../ops/index.js";
import { mapTree, treeLeaves, zerosLikeTree, type ParamTree } from "../tree.js";
import type { Norm } from "./norm.js";
import { l2Norm } from "./reduce.js";

function euclidean(name: string): Norm {
  const value = (t: ParamTree): number => l2Norm(treeLeaves(t));
  return {
    name,
    norm: value,
    dual: value,
    dualize<T extends ParamTree>(g: T): T {
      const n = value(g);
      return n === 0 ? zerosLikeTree(g) : mapTree(g, (t) => div(t, n));
    },
    sharp: <T extends ParamTree>(g: T): T => g,
  };
}

/**
 * The Euclidean norm over all elements of a tensor or tree (a tree counts as one long vector).
 *
 * @example
 * norms.l2().dualize(tensor([3, -4])); // [0.6, -0.8]
 */
export function l2(): Norm {
  return euclidean("l2");
}

/** The Frobenius norm: ℓ2 of a matrix's entries (on a tree, of all entries), so steepest descent is gradient descent. */
export function frobenius(): Norm {
  return euclidean("frobenius");
}
