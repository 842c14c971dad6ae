import { argumentError, checkInteger } from "../core/validate.js";
import { ShapeError } from "../core/errors.js";
import { normalizeAxis, showShape } from "../core/shape.js";
import { gather } from "../primitives/movement/gather.js";
import { reshape } from "../primitives/movement/reshape.js";
import { transpose as transposePrim } from "../primitives/movement/transpose.js";
import { where as wherePrim } from "../primitives/other/where.js";
import { scatterAdd } from "../primitives/movement/scatter-add.js";
import { full, tensor } from "../tensor/creation.js";
import type { Tensor } from "../tensor/tensor.js";
import { toTensor, type TensorLike } from "./tensor-like.js";

/** Flat positions (in an n×m matrix) of the diagonal with `offset` (>0 above, <0 below). */
function diagonalPositions(n: number, m: number, offset: number): number[] {
  const out: number[] = [];
  for (let i = Math.max(0, -offset); i < n && i + offset < m; i++) out.push(i * m + i + offset);
  return out;
}

/**
 * The diagonal with `offset` (> 0 above, < 0 below) of the matrices in axes `dim1` (rows) and `dim2`
 * (columns): those axes are removed and the diagonal becomes the last axis (PyTorch's diagonal).
 * NOTE: dim1, dim2 default to 0, 1 (torch.diagonal, numpy.diagonal, jax.numpy.diagonal); for a batch
 * of matrices in the last two axes pass −2, −1, or use `linalg.diagonal` (torch.linalg.diagonal).
 *
 * @example
 * diagonal(tensor([[1, 2], [3, 4]])); // [1, 4]
 * diagonal(tensor([[1, 2], [3, 4]]), 1); // [2]
 * diagonal(tensor([[[1, 2], [3, 4]], [[5, 6], [7, 8]]])); // [[1, 7], [2, 8]] (axes 0, 1)
 * diagonal(tensor([[[1, 2], [3, 4]], [[5, 6], [7, 8]]]), 0, -2, -1); // [[1, 4], [5, 8]] (batched)
 */
export function diagonal(x: TensorLike, offset = 0, dim1 = 0, dim2 = 1): Tensor {
  const t0 = toTensor(x, undefined, "diagonal");
  checkInteger(offset, "diagonal", "offset");
  if (t0.ndim < 2) throw new ShapeError(`diagonal: expected rank ≥ 2, got shape ${showShape(t0.shape)}`);
  const t = matrixAxesLast(t0, dim1, dim2, "diagonal");
  const [n, m] = t.shape.slice(-2) as [number, number];
  const batch = t.shape.slice(0, -2);
  const idx = tensor(diagonalPositions(n, m, offset), { dtype: "int32" });
  return gather(reshape(t, [...batch, n * m]), idx, batch.length);
}

/** `t` with axes dim1, dim2 (checked) moved to the end, in that order (no copy when they are −2, −1). */
export function matrixAxesLast(t: Tensor, dim1: number, dim2: number, fn: string): Tensor {
  const d1 = normalizeAxis(checkInteger(dim1, fn, "dim1"), t.ndim, fn, "dim1");
  const d2 = normalizeAxis(checkInteger(dim2, fn, "dim2"), t.ndim, fn, "dim2");
  if (d1 === d2) throw argumentError(fn, "dim2", `an axis other than dim1 (${dim1})`, dim2);
  if (d1 === t.ndim - 2 && d2 === t.ndim - 1) return t;
  const rest = t.shape.map((_, i) => i).filter((i) => i !== d1 && i !== d2);
  return transposePrim(t, [...rest, d1, d2]);
}

/**
 * A square matrix with v on its diagonal (with `offset`) for a vector v; the diagonal for a matrix.
 *
 * @example
 * diag(tensor([1, 2])); // [[1, 0], [0, 2]]
 * diag(tensor([[1, 2], [3, 4]])); // [1, 4]
 */
export function diag(x: TensorLike, offset = 0): Tensor {
  const t = toTensor(x, undefined, "diag");
  checkInteger(offset, "diag", "offset", -2147483647, 2147483647);
  if (t.ndim === 2) return diagonal(t, offset);
  if (t.ndim !== 1) throw new ShapeError(`diag: expected a vector or a matrix, got shape ${showShape(t.shape)}`);
  const n = t.shape[0]! + Math.abs(offset);
  const idx = tensor(diagonalPositions(n, n, offset), { dtype: "int32" });
  return reshape(scatterAdd(t, idx, 0, [n * n]), [n, n]);
}

function triangle(op: string, x: TensorLike, k: number, keep: (i: number, j: number) => boolean): Tensor {
  const t = toTensor(x, undefined, op);
  checkInteger(k, op, "k");
  if (t.ndim < 2) throw new ShapeError(`${op}: expected rank ≥ 2, got shape ${showShape(t.shape)}`);
  const [n, m] = t.shape.slice(-2) as [number, number];
  const mask = new Array<boolean>(n * m);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) mask[i * m + j] = keep(i, j - k);
  return wherePrim(tensor(mask, { dtype: "bool", shape: [n, m] }), t, full([], 0, { dtype: t.dtype }));
}

/**
 * The upper triangle (j ≥ i + k) of the last two axes; zeros elsewhere.
 *
 * @example
 * triu(tensor([[1, 2], [3, 4]])); // [[1, 2], [0, 4]]
 */
export function triu(x: TensorLike, k = 0): Tensor {
  return triangle("triu", x, k, (i, jk) => jk >= i);
}

/**
 * The lower triangle (j ≤ i + k) of the last two axes; zeros elsewhere.
 *
 * @example
 * tril(tensor([[1, 2], [3, 4]])); // [[1, 0], [3, 4]]
 */
export function tril(x: TensorLike, k = 0): Tensor {
  return triangle("tril", x, k, (i, jk) => jk <= i);
}
