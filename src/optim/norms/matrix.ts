/** @internal Matrix views of tensors for the matrix norms, and conversions to and from float64 arrays. */
import { allocArray } from "../../core/dtype.js";
import { fromData } from "../../tensor/creation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { jacobiSVD, type DenseSVD } from "./svd.js";

/** How a tensor is read as a matrix: rows × cols of its row-major data. */
export type MatrixView = (t: Tensor) => [number, number];

/** Rank 2 as is; rank > 2 as [shape[0], rest] (convolution filters [out, in, kh, kw], as Muon does). */
export const rowsFirst: MatrixView = (t) => {
  requireMatrix(t, "spectral");
  const m = t.shape[0]!;
  return [m, m === 0 ? 0 : t.size / m];
};

/** Rank 2 as is; rank > 2 as [rest, shape[last]] (JAX/Flax kernels [kh, kw, in, out]). */
export const colsLast: MatrixView = (t) => {
  requireMatrix(t, "spectral");
  const n = t.shape[t.ndim - 1]!;
  return [n === 0 ? 0 : t.size / n, n];
};

/** Throws a helpful error for vectors and scalars. */
export function requireMatrix(t: Tensor, name: string): void {
  if (t.ndim < 2)
    throw new RangeError(
      `norms.${name}: needs matrices, got a tensor of shape [${t.shape.join(", ")}]; give vectors another norm, ` +
        `e.g. norms.perParam((p) => (p.ndim >= 2 ? norms.${name}() : norms.rms()))`,
    );
}

/** The SVD of a tensor read as a matrix. */
export function svdOf(t: Tensor, view: MatrixView): DenseSVD {
  const [m, n] = view(t);
  return jacobiSVD(t.data(), m, n);
}

/** A float64 row-major array as a tensor of `like`'s shape and dtype. */
export function tensorFrom(data: Float64Array, like: Tensor): Tensor {
  const out = allocArray(like.dtype, data.length);
  out.set(data);
  return fromData(out, like.shape, like.dtype);
}

/** Relative cut-off below which singular values count as zero: max(m, n) · eps of the tensor's precision. */
export function rankTolerance(t: Tensor, m: number, n: number): number {
  return Math.max(m, n) * (t.dtype === "float64" ? 2 ** -52 : 2 ** -23);
}
