import { ArgumentError } from "../../core/errors.js";
import { showValue } from "../../core/validate.js";
/**
 * ℓp for 1 ≤ p ≤ ∞: ‖w‖_p = (Σ |w_i|^p)^(1/p) over every element of the tree. Dual ℓq with
 * 1/p + 1/q = 1; for 1 < p < ∞, dualize(g) = sign(g)·(|g|/‖g‖_q)^(q−1) (computed with |g|/‖g‖_q ≤ 1,
 * so nothing overflows). p = 1, 2, ∞ are the `l1`, `l2` and `linf` norms.
 */
import { abs, div, mul, pow, sign } from "../../ops/index.js";
import { mapTree, treeLeaves, zerosLikeTree, type ParamTree } from "../tree.js";
import { l1 } from "./l1.js";
import { l2 } from "./l2.js";
import { linf } from "./linf.js";
import type { Norm } from "./norm.js";
import { pNorm } from "./reduce.js";

/**
 * The ℓp norm (p ≥ 1, or Infinity).
 *
 * @example
 * norms.lp(3).dual(tensor([3, -4])); // ‖g‖_1.5 = 5.58425
 */
export function lp(p: number): Norm {
  if (typeof p !== "number" || !(p >= 1)) throw new ArgumentError(`lp: p must be ≥ 1 (or Infinity), got ${showValue(p)}`);
  const base = p === 1 ? l1() : p === 2 ? l2() : p === Infinity ? linf() : null;
  if (base) return { ...base, name: `lp(${p})` };
  const q = p / (p - 1);
  const dualize = <T extends ParamTree>(g: T): T => {
    const dq = pNorm(treeLeaves(g), q);
    if (dq === 0) return zerosLikeTree(g);
    return mapTree(g, (t) => mul(sign(t), pow(div(abs(t), dq), q - 1)));
  };
  return {
    name: `lp(${p})`,
    norm: (w) => pNorm(treeLeaves(w), p),
    dual: (g) => pNorm(treeLeaves(g), q),
    dualize,
    sharp: <T extends ParamTree>(g: T): T => mapTree(dualize(g), (t) => mul(t, pNorm(treeLeaves(g), q))),
  };
}
