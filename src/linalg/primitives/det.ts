// The determinant as a primitive, so that its derivative is the adjugate, which exists everywhere
// (the LU route, d det = det·tr(A⁻¹dA), is 0·∞ at a singular A).
//
// Algorithm: LU with partial pivoting, det A = det P·Π u_ii (2n³/3 flops).
import { mul } from "../../ops/arithmetic.js";
import { sum } from "../../ops/reductions.js";
import { unsqueeze } from "../../ops/shape-ops.js";
import { bind1 } from "../../primitives/bind.js";
import type { Primitive } from "../../primitives/primitive.js";
import { registerPrimitive } from "../../primitives/registry.js";
import { batchLeading } from "../../primitives/batching.js";
import { runBatched } from "../batched-kernel.js";
import { squareDim } from "../check-matrix.js";
import { matrixTranspose } from "../matrix-algebra.js";
import { adjugate } from "./adjugate.js";
import { eliminate } from "./lu.js";

/** det of one n×n matrix (overwrites `a`). */
function determinantOf(a: Float64Array, n: number): Float64Array {
  const [, sign] = eliminate(a, n);
  let d = sign;
  for (let i = 0; i < n; i++) d *= a[i * n + i]!;
  return Float64Array.of(d + 0); // + 0: no −0 for singular matrices
}

/**
 * det A for square A (batch). Jacobi's formula d det A = tr(adj(A)·dA), so Ā = ḡ·adj(A)ᵀ; higher
 * orders come from the adjugate's rules (exact at singular matrices too).
 */
export const detP: Primitive = {
  name: "det",
  differentiable: true,
  vmap: batchLeading,
  shape([a]) {
    squareDim("det", a!);
    return [{ shape: a!.shape.slice(0, -2), dtype: a!.dtype }];
  },
  impl([a], _p, outs) {
    const n = a!.shape[a!.ndim - 1]!;
    return runBatched(a!.shape.slice(0, -2), [a!], outs, ([ab]) => [determinantOf(ab!, n)]);
  },
  jvp([a], [ta]) {
    const d = bind1(detP, [a!], {});
    return [[d], [ta === null ? null : sum(mul(matrixTranspose(adjugate(a!)), ta), [-2, -1])]];
  },
  vjp([a], _outs, [ct]) {
    return [mul(unsqueeze(ct!, [-1, -2]), matrixTranspose(adjugate(a!)))];
  },
  testSpec: [
    { args: [{ shape: [3, 3] }], params: {} },
    { args: [{ shape: [2, 4, 4] }], params: {} },
    { args: [{ shape: [1, 1] }], params: {} },
  ],
};
registerPrimitive(detP);
