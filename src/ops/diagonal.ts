import { checkInteger } from "../core/validate.js";
import { ShapeError } from "../core/errors.js";
import { showShape } from "../core/shape.js";
import { gather } from "../primitives/movement/gather.js";
import { reshape } from "../primitives/movement/reshape.js";
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
 * The diagonal with `offset` of the last two axes (batched over the leading ones).
 *
 * @example
 * diagonal(tensor([[1, 2], [3, 4]])); // [1, 4]
 * diagonal(tensor([[1, 2], [3, 4]]), 1); // [2]
 */
export function diagonal(x: TensorLike, offset = 0): Tensor {
  const t = toTensor(x, undefined, "diagonal");
  checkInteger(offset, "diagonal", "offset");
  if (t.ndim < 2) throw new ShapeError(`diagonal: expected rank ≥ 2, got shape ${showShape(t.shape)}`);
  const [n, m] = t.shape.slice(-2) as [number, number];
  const batch = t.shape.slice(0, -2);
  const idx = tensor(diagonalPositions(n, m, offset), { dtype: "int32" });
  return gather(reshape(t, [...batch, n * m]), idx, batch.length);
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
