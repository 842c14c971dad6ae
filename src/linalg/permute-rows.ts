// Pᵀ·B for the permutation matrix P of an LU factorisation without the dense product: row i of
// PᵀB is row perm[i] of B, where P[perm[i], i] = 1. O(n·k) instead of O(n²·k), and a non-finite
// entry of B stays in its row (the dense product spreads 0·∞ = NaN into every row).
import { sizeOf } from "../core/shape.js";
import { add } from "../ops/arithmetic.js";
import { argmax } from "../ops/reductions.js";
import { reshape } from "../ops/shape-ops.js";
import { gather } from "../primitives/movement/gather.js";
import { tensor } from "../tensor/creation.js";
import type { Tensor } from "../tensor/tensor.js";

/**
 * Pᵀ·B for permutation matrices P (…, n, n) and B (…, n, k) with the same batch axes, by gathering
 * rows. Differentiable in B (the gather's rules); P is piecewise constant and gets no derivative.
 */
export function permutationTransposeTimes(p: Tensor, b: Tensor): Tensor {
  const n = p.shape[p.ndim - 1]!;
  const k = b.shape[b.ndim - 1]!;
  const count = sizeOf(b.shape.slice(0, -2));
  if (n === 0 || k === 0 || count === 0) return b;
  let perm = argmax(p, p.ndim - 2); // (…, n) int32
  if (count > 1) {
    // Matrix t's rows start at t·n in the flattened B.
    const offsets = new Int32Array(count);
    for (let t = 0; t < count; t++) offsets[t] = t * n;
    perm = add(reshape(perm, [count, n]), tensor(offsets, { shape: [count, 1], dtype: "int32" }));
  }
  return reshape(gather(reshape(b, [count * n, k]), reshape(perm, [count * n]), 0), b.shape);
}
