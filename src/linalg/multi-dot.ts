import { ShapeError } from "../core/errors.js";
import { showShape } from "../core/shape.js";
import { argumentError } from "../core/validate.js";
import { reshape } from "../ops/shape-ops.js";
import { promoteAll, type TensorLike } from "../ops/tensor-like.js";
import type { Tensor } from "../tensor/tensor.js";
import { chainOrder } from "./chain-order.js";
import { matmul } from "./matrix-algebra.js";

function product(ms: readonly Tensor[], split: readonly number[][], i: number, j: number): Tensor {
  if (i === j) return ms[i]!;
  const s = split[i]![j]!;
  return matmul(product(ms, split, i, s), product(ms, split, s + 1, j));
}

/**
 * The product of two or more matrices in the cheapest order (torch.linalg.multi_dot, numpy's
 * multi_dot): the first may be a vector (a row), the last a vector (a column), which are dropped
 * from the result again as in `matmul`. Matrices may carry leading batch axes (they broadcast).
 * Differentiable through `matmul`; the order changes rounding only.
 *
 * @example
 * linalg.multiDot([A, B, v]); // A·(B·v), never (A·B)·v
 */
export function multiDot(tensors: readonly TensorLike[]): Tensor {
  if (!Array.isArray(tensors) || tensors.length < 2) throw argumentError("multiDot", "tensors", "an array of at least 2 tensors", tensors);
  const ts = promoteAll(tensors, "multiDot");
  const k = ts.length;
  const firstVector = ts[0]!.ndim === 1;
  const lastVector = ts[k - 1]!.ndim === 1;
  const ms = ts.map((t, i) => {
    if (i === 0 && firstVector) return reshape(t, [1, t.shape[0]!]);
    if (i === k - 1 && lastVector) return reshape(t, [t.shape[0]!, 1]);
    if (t.ndim < 2)
      throw new ShapeError(`multiDot: tensors[${i}] must be a matrix (only the first and last may be vectors), got shape ${showShape(t.shape)}`);
    return t;
  });
  const p = [ms[0]!.shape[ms[0]!.ndim - 2]!];
  for (let i = 0; i < k; i++) {
    const rows = ms[i]!.shape[ms[i]!.ndim - 2]!;
    if (rows !== p[i])
      throw new ShapeError(`multiDot: tensors[${i}] must have ${p[i]} rows to follow tensors[${i - 1}] ${showShape(ts[i - 1]!.shape)}, got shape ${showShape(ts[i]!.shape)}`);
    p.push(ms[i]!.shape[ms[i]!.ndim - 1]!);
  }
  const out = product(ms, chainOrder(p), 0, k - 1);
  const lead = out.shape.slice(0, -2);
  if (firstVector && lastVector) return reshape(out, lead);
  if (firstVector) return reshape(out, [...lead, out.shape[out.ndim - 1]!]);
  if (lastVector) return reshape(out, [...lead, out.shape[out.ndim - 2]!]);
  return out;
}
