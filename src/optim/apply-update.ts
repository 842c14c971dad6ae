import { shapesEqual } from "../core/shape.js";
import { assign } from "../eager/leaf-ops.js";
import { add } from "../ops/index.js";
import type { Tensor } from "../tensor/tensor.js";

/** A plain value: no transform tracer, no graph node, its data at hand. */
const plain = (t: Tensor): boolean => t._owner === null && t._node === null && t._data !== null;

/**
 * p ← p + u for an optimizer step (run under noGrad): `add`'s fresh result array becomes p's data,
 * instead of `assign(p, add(p, u))` copying it once more.
 * NOTE: the sum's array is adopted only when it is new (neither p's nor u's) and already p's dtype
 * and shape; p's old array is left as it was (another tensor may share it, and assign never writes
 * into it either), and the version counter moves as assign moves it. Anything else (other dtypes or
 * shapes, tracers) takes assign.
 */
export function applyUpdate(p: Tensor, u: Tensor): void {
  const sum = add(p, u);
  if (plain(p) && plain(sum) && sum.dtype === p.dtype && shapesEqual(sum.shape, p.shape)) {
    const data = sum._data!;
    if (data !== p._data && data !== u._data) {
      p._data = data;
      p._version++;
      return;
    }
  }
  assign(p, sum);
}
