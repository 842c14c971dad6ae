import { showShape } from "../../core/shape.js";
import { getBackend } from "../../backend/backend.js";
import { fromData } from "../../tensor/creation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { bind1 } from "../bind.js";
import type { Primitive } from "../primitive.js";
import { shapeError } from "../rule-helpers.js";


/** Params of `transpose`: output axis i is input axis perm[i]. */
export interface TransposeParams {
  readonly perm: readonly number[];
}

/** The inverse of a permutation. */
export function inversePermutation(perm: readonly number[]): number[] {
  const inv = new Array<number>(perm.length);
  perm.forEach((p, i) => (inv[p] = i));
  return inv;
}

/** Permutes axes. Linear; its transpose is the inverse permutation. */
export const transposeP: Primitive<TransposeParams> = {
  name: "transpose",
  differentiable: true,
  shape([x], { perm }) {
    const n = x!.shape.length;
    if (perm.length !== n || [...perm].sort((a, b) => a - b).some((p, i) => p !== i))
      throw shapeError("transpose", `perm ${showShape(perm)} is not a permutation of the ${n} axes of ${showShape(x!.shape)}`);
    return [{ shape: perm.map((p) => x!.shape[p]!), dtype: x!.dtype }];
  },
  impl: ([x], { perm }, [out]) => [fromData(getBackend().transpose(x!._data!, x!.shape, perm), out!.shape, out!.dtype)],
  jvp: ([x], [t], { perm }) => [[transpose(x!, perm)], [transpose(t!, perm)]],
  vjp: (_x, _y, [ct], { perm }) => [transpose(ct!, inversePermutation(perm))],
  vmap: ([x], _b, { perm }) => [[transpose(x!, [0, ...perm.map((p) => p + 1)])], [true]],
  testSpec: [{ args: [{ shape: [2, 3, 4] }], params: { perm: [2, 0, 1] } }],
};

/** Permute axes (primitive). */
export function transpose(x: Tensor, perm: readonly number[]): Tensor {
  return perm.every((p, i) => p === i) && perm.length === x.ndim ? x : bind1(transposeP, [x], { perm });
}
