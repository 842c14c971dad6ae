import { isFloat } from "../core/dtype.js";
import { shapesEqual } from "../core/shape.js";
import { assign } from "../eager/leaf-ops.js";
import { add } from "../ops/index.js";
import type { Tensor } from "../tensor/tensor.js";

/** A plain value: no transform tracer, no graph node, its data at hand. */
const plain = (t: Tensor): boolean => t._owner === null && t._node === null && t._data !== null;

/**
 * p ← p + u for an optimizer step: what `assign(p, add(p, u))` computes, in one pass into one fresh
 * array (the sum rounded to p's dtype, as `add`), instead of the sum's array and assign's copy of it.
 * NOTE: a fresh array, not p's own: another tensor may share p's array (assign never writes into it
 * either), and the version counter moves as assign moves it. Anything else (other dtypes or shapes,
 * tracers) takes assign and add themselves.
 */
export function applyUpdate(p: Tensor, u: Tensor): void {
  if (plain(p) && plain(u) && p.dtype === u.dtype && isFloat(p.dtype) && shapesEqual(p.shape, u.shape)) {
    const [pd, ud] = [p._data!, u._data!];
    const n = pd.length;
    if (pd instanceof Float32Array && ud instanceof Float32Array) {
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = pd[i]! + ud[i]!;
      p._data = out;
      p._version++;
      return;
    }
    if (pd instanceof Float64Array && ud instanceof Float64Array) {
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = pd[i]! + ud[i]!;
      p._data = out;
      p._version++;
      return;
    }
  }
  assign(p, add(p, u));
}
