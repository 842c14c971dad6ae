/**
 * RMS: ‖w‖ = √(Σ w²/n) with n the number of elements of the tensor or tree (a size-aware ℓ2, for bias
 * and gain vectors). Dual √n·‖g‖₂; dualize(g) = √n·g/‖g‖₂ (every entry of RMS size 1); sharp(g) = n·g.
 */
import { div, mul } from "../../ops/index.js";
import { mapTree, treeLeaves, zerosLikeTree, type ParamTree } from "../tree.js";
import type { Norm } from "./norm.js";
import { elementCount, l2Norm } from "./reduce.js";

/**
 * The root-mean-square norm.
 *
 * @example
 * norms.rms().dualize(tensor([3, -4])); // [0.8485, -1.1314] (RMS 1)
 */
export function rms(): Norm {
  return {
    name: "rms",
    norm(w) {
      const leaves = treeLeaves(w);
      const n = elementCount(leaves);
      return n === 0 ? 0 : l2Norm(leaves) / Math.sqrt(n);
    },
    dual(g) {
      const leaves = treeLeaves(g);
      return Math.sqrt(elementCount(leaves)) * l2Norm(leaves);
    },
    dualize<T extends ParamTree>(g: T): T {
      const leaves = treeLeaves(g);
      const n = l2Norm(leaves);
      return n === 0 ? zerosLikeTree(g) : mapTree(g, (t) => div(mul(t, Math.sqrt(elementCount(leaves))), n));
    },
    sharp: <T extends ParamTree>(g: T): T => mapTree(g, (t) => mul(t, elementCount(treeLeaves(g)))),
  };
}
