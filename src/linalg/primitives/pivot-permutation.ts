// The permutation that a sequence of row swaps (LAPACK's pivots, 0-based here) makes: a primitive,
// so that `luSolve` reads pivots inside transforms (vmap batches them, compile traces them) instead
// of reading their values at the call.
import { DTypeError, ShapeError } from "../../core/errors.js";
import { showShape } from "../../core/shape.js";
import { batchLeading } from "../../primitives/batching.js";
import { bind1 } from "../../primitives/bind.js";
import type { Primitive } from "../../primitives/primitive.js";
import { registerPrimitive } from "../../primitives/registry.js";
import { fromData } from "../../tensor/creation.js";
import type { Tensor } from "../../tensor/tensor.js";

/** Params of `pivotPermutation`: the order n of the permutation. */
export interface PivotPermutationParams {
  readonly n: number;
}

const noDerivative = (): never => {
  throw new Error("pivotPermutation has no derivative");
};

/**
 * int32 swaps [..., k] (k ≤ n; row i swapped with row swaps[i] at step i, each in [0, n)) → int32
 * perm [..., n], the rows in their final order: (PᵀB)[i] = B[perm[i]]. An index outside [0, n) raises.
 */
export const pivotPermutationP: Primitive<PivotPermutationParams> = {
  name: "pivotPermutation",
  differentiable: false,
  vmap: batchLeading,
  shape([s], { n }) {
    if (s!.dtype !== "int32") throw new DTypeError(`pivotPermutation: the swaps must be int32, got ${s!.dtype}`);
    if (s!.shape.length === 0 || s!.shape[s!.shape.length - 1]! > n)
      throw new ShapeError(`pivotPermutation: the swaps must have shape [..., k] with k ≤ ${n}, got shape ${showShape(s!.shape)}`);
    return [{ shape: [...s!.shape.slice(0, -1), n], dtype: "int32" }];
  },
  impl([s], { n }, [out]) {
    const d = s!._data!;
    const k = s!.shape[s!.ndim - 1]!;
    const count = n === 0 ? 0 : out!.shape.reduce((a, b) => a * b, 1) / n;
    const perm = new Int32Array(count * n);
    for (let b = 0; b < count; b++) {
      const p = b * n;
      for (let i = 0; i < n; i++) perm[p + i] = i;
      for (let i = 0; i < k; i++) {
        const j = d[b * k + i]!;
        if (!(Number.isInteger(j) && j >= 0 && j < n))
          throw new ShapeError(`luSolve: pivots[…, ${i}] must be in [${i + 1}, ${n}] (1-based LAPACK pivots), got ${j + 1}`);
        const t = perm[p + i]!;
        perm[p + i] = perm[p + j]!;
        perm[p + j] = t;
      }
    }
    return [fromData(perm, out!.shape, "int32")];
  },
  jvp: noDerivative,
  vjp: noDerivative,
  testSpec: [
    { args: [{ shape: [3], dtype: "int32", intHigh: 3 }], params: { n: 3 } },
    { args: [{ shape: [2, 2], dtype: "int32", intHigh: 4 }], params: { n: 4 } },
  ],
};
registerPrimitive(pivotPermutationP);

/** The final row order of the 0-based row swaps `swaps` [..., k] of an order-n matrix (int32 [..., n]). */
export function pivotPermutation(swaps: Tensor, n: number): Tensor {
  return bind1(pivotPermutationP, [swaps], { n });
}
