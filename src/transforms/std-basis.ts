import { allocArray, type DType } from "../core/dtype.js";
import { reshape } from "../primitives/movement/reshape.js";
import { slice } from "../primitives/movement/slice.js";
import { fromData } from "../tensor/creation.js";
import type { Tensor } from "../tensor/tensor.js";

/**
 * The standard basis of a list of tensors seen as one flat vector of length n = Σ sizes, as one
 * batch per tensor: entry j has shape `[n, ...likes[j].shape]`, and lane k is 1 at flat position
 * k − offset_j of tensor j when k falls inside it, 0 elsewhere (JAX's `_std_basis`, split per leaf).
 */
export function stdBasis(likes: readonly { readonly shape: readonly number[]; readonly dtype: DType; readonly size: number }[]): Tensor[] {
  const n = likes.reduce((s, x) => s + x.size, 0);
  let offset = 0;
  return likes.map((x) => {
    const m = x.size;
    const d = allocArray(x.dtype, n * m);
    for (let k = 0; k < m; k++) d[(offset + k) * m + k] = 1;
    offset += m;
    return fromData(d, [n, ...x.shape], x.dtype);
  });
}

/**
 * Splits axis `axis` of `t` into consecutive blocks of `sizes` (their sum is that axis' length) and
 * reshapes block j so that the split axis becomes `shapes[j]` (one block: no copy).
 */
export function splitAxisInto(t: Tensor, axis: number, sizes: readonly number[], shapes: readonly (readonly number[])[]): Tensor[] {
  const before = t.shape.slice(0, axis);
  const after = t.shape.slice(axis + 1);
  let offset = 0;
  return sizes.map((m, j) => {
    const block =
      sizes.length === 1
        ? t
        : slice(
            t,
            t.shape.map((_, i) => (i === axis ? offset : 0)),
            t.shape.map((d, i) => (i === axis ? m : d)),
          );
    offset += m;
    return reshape(block, [...before, ...shapes[j]!, ...after]);
  });
}
