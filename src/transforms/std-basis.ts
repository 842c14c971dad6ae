import { allocArray, type DType } from "../core/dtype.js";
import { concat } from "../primitives/movement/concat.js";
import { reshape } from "../primitives/movement/reshape.js";
import { slice } from "../primitives/movement/slice.js";
import { fromData } from "../tensor/creation.js";
import type { Tensor } from "../tensor/tensor.js";

type Like = { readonly shape: readonly number[]; readonly dtype: DType; readonly size: number };

/**
 * The standard basis of a list of tensors seen as one flat vector of length n = Σ sizes, as one
 * batch per tensor: entry j has shape `[n, ...likes[j].shape]`, and lane k is 1 at flat position
 * k − offset_j of tensor j when k falls inside it, 0 elsewhere (JAX's `_std_basis`, split per leaf).
 * With `start` and `count`, only lanes start … start + count − 1 (shape `[count, ...]`).
 */
export function stdBasis(likes: readonly Like[], start = 0, count?: number): Tensor[] {
  const n = likes.reduce((s, x) => s + x.size, 0);
  const lanes = count ?? n - start;
  let offset = 0;
  return likes.map((x) => {
    const m = x.size;
    const d = allocArray(x.dtype, lanes * m);
    const lo = Math.max(offset, start);
    const hi = Math.min(offset + m, start + lanes);
    for (let k = lo; k < hi; k++) d[(k - start) * m + (k - offset)] = 1;
    offset += m;
    return fromData(d, [lanes, ...x.shape], x.dtype);
  });
}

/**
 * Runs `run` (a vmap over basis lanes) on the standard basis of `likes`, all lanes at once or
 * `chunkSize` lanes at a time, concatenating each result along its lane axis `laneAxis(t)`.
 *
 * NOTE: chunks trade peak memory (a chunk's basis and batched intermediates) for more passes; the
 * last chunk holds the remainder, so every chunk size gives the same lanes in the same order.
 */
export function overStdBasis(likes: readonly Like[], chunkSize: number | undefined, run: (basis: Tensor[]) => Tensor[], laneAxis: (t: Tensor) => number): Tensor[] {
  const n = likes.reduce((s, x) => s + x.size, 0);
  if (chunkSize === undefined || chunkSize >= n) return run(stdBasis(likes));
  const parts: Tensor[][] = [];
  for (let start = 0; start < n; start += chunkSize) parts.push(run(stdBasis(likes, start, Math.min(chunkSize, n - start))));
  return parts[0]!.map((t, i) => concat(parts.map((p) => p[i]!), laneAxis(t)));
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
