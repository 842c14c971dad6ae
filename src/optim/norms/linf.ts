/**
 * ℓ∞: ‖w‖ = max |w_i| over every element of the tree. Dual ℓ1 (Σ|g_i|); dualize(g) = sign(g) with
 * sign(0) = 0 (sign descent, signSGD); sharp(g) = ‖g‖₁·sign(g).
 */
import { mul, sign } from "../../ops/index.js";
import { mapTree, treeLeaves, type ParamTree } from "../tree.js";
import type { Norm } from "./norm.js";
import { maxAbs, sumAbs } from "./reduce.js";

/**
 * The max-norm. Steepest descent under it is sign descent.
 *
 * @example
 * norms.linf().dualize(tensor([3, -4])); // [1, -1]
 */
export function linf(): Norm {
  return {
    name: "linf",
    norm: (w) => maxAbs(treeLeaves(w)),
    dual: (g) => sumAbs(treeLeaves(g)),
    dualize: <T extends ParamTree>(g: T): T => mapTree(g, (t) => sign(t)),
    sharp<T extends ParamTree>(g: T): T {
      const s = sumAbs(treeLeaves(g));
      return mapTree(g, (t) => mul(sign(t), s));
    },
  };
}
