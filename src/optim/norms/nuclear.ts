/**
 * The nuclear norm Σσ_i (trace norm, Schatten-1), dual to the spectral norm: its dual is σ₁ and
 * dualize(G) = u₁v₁ᵀ, the top singular pair (a rank-one update, as in Frank–Wolfe over the nuclear
 * ball). When σ₁ = σ₂ any convex combination maximises; the SVD's first pair is returned, deterministically.
 * On a tree of matrices: Σ over the tensors, dual max_i σ₁(G_i), and only the tensor(s) with the
 * largest σ₁ move (exact ties split equally). Computed with the exact SVD.
 */
import type { Tensor } from "../../tensor/tensor.js";
import type { ParamTree } from "../tree.js";
import { overLeaves, type FusedNorm } from "./combinators.js";
import { rowsFirst, svdCompose, svdOf, tensorFrom } from "./matrix.js";
import type { Norm } from "./norm.js";

function nuclearMatrix(): FusedNorm {
  const top = (g: Tensor): [number, Tensor] => {
    const d = svdOf(g, rowsFirst);
    const s1 = d.s[0] ?? 0;
    return [s1, tensorFrom(svdCompose(d, (i) => (i === 0 ? 1 : 0), 0), g)];
  };
  return {
    name: "nuclear",
    norm: (w) => svdOf(w as Tensor, rowsFirst).s.reduce((a, b) => a + b, 0),
    dual: (g) => svdOf(g as Tensor, rowsFirst).s[0] ?? 0,
    dualize: <T extends ParamTree>(g: T): T => top(g as Tensor)[1] as T,
    _dualAndDualize: (g) => top(g as Tensor),
  };
}

/**
 * The nuclear norm; steepest descent under it makes rank-one updates.
 *
 * @example
 * norms.nuclear().dual(tensor([[1, 2], [3, 4]])); // σ₁ = 5.46499
 */
export function nuclear(): Norm {
  const leaf = nuclearMatrix();
  return overLeaves("sum", "nuclear", () => leaf);
}
