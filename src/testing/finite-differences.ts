import { allocArray, isFloat } from "../core/dtype.js";
import { fromData } from "../tensor/creation.js";
import type { Tensor } from "../tensor/tensor.js";

/** A function of a flat list of tensors returning a flat list of tensors (what the checkers work on). */
export type FlatFunction = (xs: readonly Tensor[]) => Tensor[];

/** x + step·t in x's dtype; non-float arguments are returned unchanged (they are not perturbed). */
function shifted(x: Tensor, t: Tensor, step: number): Tensor {
  if (!isFloat(x.dtype)) return x;
  const xd = x._concrete()._data!;
  const td = t._concrete()._data!;
  const out = allocArray(x.dtype, xd.length);
  for (let i = 0; i < xd.length; i++) out[i] = xd[i]! + step * td[i]!;
  return fromData(out, x.shape, x.dtype);
}

/**
 * Central finite differences (f(x + ε·t) − f(x − ε·t)) / 2ε: the directional derivative of `f` at
 * `primals` along `tangents`, one float64 tensor per output (zeros for non-float outputs).
 * NOTE: the truncation error is O(ε²) and the rounding error O(u·|f|/ε), so ε ≈ 1e-6 suits float64.
 */
export function numericalJvp(f: FlatFunction, primals: readonly Tensor[], tangents: readonly Tensor[], eps = 1e-6): Tensor[] {
  const plus = f(primals.map((x, i) => shifted(x, tangents[i]!, eps)));
  const minus = f(primals.map((x, i) => shifted(x, tangents[i]!, -eps)));
  return plus.map((p, k) => {
    const out = new Float64Array(p.size);
    if (isFloat(p.dtype)) {
      const pd = p._concrete()._data!;
      const md = minus[k]!._concrete()._data!;
      for (let i = 0; i < out.length; i++) out[i] = (pd[i]! - md[i]!) / (2 * eps);
    }
    return fromData(out, p.shape, "float64");
  });
}
