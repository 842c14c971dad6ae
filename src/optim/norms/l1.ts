import { checkOptions } from "../../core/validate.js";
import { ArgumentError } from "../../core/errors.js";
import { showValue } from "../../core/validate.js";
/**
 * ℓ1: ‖w‖ = Σ |w_i| over every element of the tree. Dual ℓ∞ (max |g_i|); dualize(g) puts the whole unit
 * on the largest |g_i| with its sign: steepest descent under ℓ1 is greedy (Gauss–Southwell)
 * coordinate descent.
 *
 * Ties (several entries with exactly the same largest |g_i|): any convex combination of their signed
 * unit vectors is a maximiser. `ties: "split"` (the default) shares the unit equally among them, which
 * treats coordinates symmetrically (permutation-equivariant, and dualize(−g) = −dualize(g));
 * `ties: "first"` takes the first in tree order (object keys sorted, then row-major), which keeps
 * updates one-sparse. Only exact equality counts as a tie.
 */
import { allocArray } from "../../core/dtype.js";
import { fromData } from "../../tensor/creation.js";
import { flattenTree, treeLeaves, unflattenTree, zerosLikeTree, type ParamTree } from "../tree.js";
import type { Norm } from "./norm.js";
import { maxAbs, sumAbs } from "./reduce.js";

/** Options of `l1`. */
export interface L1Options {
  /** How to break ties among equally large entries: `"split"` (default) or `"first"`. */
  ties?: "split" | "first";
}

/**
 * The ℓ1 norm; steepest descent under it moves one coordinate (the one with the largest |gradient|).
 *
 * @example
 * norms.l1().dualize(tensor([3, -4])); // [0, -1]
 * norms.l1().dualize(tensor([2, -2, 1])); // [0.5, -0.5, 0]
 */
export function l1(opts: L1Options = {}): Norm {
  const ties = checkOptions<L1Options>(opts, "l1").ties ?? "split";
  if (ties !== "split" && ties !== "first") throw new ArgumentError(`l1: ties must be "split" or "first", got ${showValue(ties)}`);
  /** The maximiser scaled by `scale` (1 for dualize, ‖g‖∞ for sharp). */
  const direction = <T extends ParamTree>(g: T, withDual: boolean): T => {
    const [leaves, def] = flattenTree(g);
    const m = maxAbs(leaves);
    if (m === 0) return zerosLikeTree(g);
    const datas = leaves.map((t) => t.data());
    let count = 0;
    for (const d of datas) for (let i = 0; i < d.length; i++) if (Math.abs(d[i]!) === m) count++;
    if (ties === "first") count = 1;
    const value = (withDual ? m : 1) / count;
    let left = count;
    const out = leaves.map((t, k) => {
      const d = datas[k]!;
      const o = allocArray(t.dtype, d.length);
      for (let i = 0; i < d.length && left > 0; i++)
        if (Math.abs(d[i]!) === m) {
          o[i] = Math.sign(d[i]!) * value;
          left--;
        }
      return fromData(o, t.shape, t.dtype);
    });
    return unflattenTree<T>(def, out);
  };
  return {
    name: ties === "split" ? "l1" : "l1(ties: first)",
    norm: (w) => sumAbs(treeLeaves(w)),
    dual: (g) => maxAbs(treeLeaves(g)),
    dualize: (g) => direction(g, false),
    sharp: (g) => direction(g, true),
  };
}
