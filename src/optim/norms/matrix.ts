import { ArgumentError } from "../../core/errors.js";
/**
 * @internal Matrix views of tensors for the matrix norms, and the SVD they use: `linalg.svd`
 * (one-sided Jacobi with QR preconditioning, float64; accuracy documented in
 * src/linalg/primitives/svd.ts), run on a float64 copy so float32 gradients lose nothing.
 */
import { allocArray } from "../../core/dtype.js";
import { svd } from "../../linalg/primitives/svd.js";
import { fromData } from "../../tensor/creation.js";
import type { Tensor } from "../../tensor/tensor.js";

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
    throw new ArgumentError(
      `norms.${name}: needs matrices, got a tensor of shape [${t.shape.join(", ")}]; give vectors another norm, ` +
        `e.g. norms.perParam((p) => (p.ndim >= 2 ? norms.${name}() : norms.rms()))`,
    );
}

/** A reduced SVD A = U diag(s) Vᵀ of an m×n matrix, k = min(m, n), s descending; row-major float64. */
export interface DenseSVD {
  readonly m: number;
  readonly n: number;
  readonly k: number;
  /** m×k. */
  readonly u: Float64Array;
  readonly s: Float64Array;
  /** n×k. */
  readonly v: Float64Array;
}

/** The SVD of an m×n row-major array, through `linalg.svd` in float64. */
export function denseSVD(a: ArrayLike<number>, m: number, n: number): DenseSVD {
  const { U, S, Vh } = svd(fromData(Float64Array.from(a), [m, n], "float64"));
  const k = Math.min(m, n);
  const vh = Vh.data();
  const v = new Float64Array(n * k);
  for (let r = 0; r < k; r++) for (let j = 0; j < n; j++) v[j * k + r] = vh[r * n + j]!;
  return { m, n, k, u: Float64Array.from(U.data()), s: Float64Array.from(S.data()), v };
}

/** The SVD of a tensor read as a matrix. */
export function svdOf(t: Tensor, view: MatrixView): DenseSVD {
  const [m, n] = view(t);
  return denseSVD(t.data(), m, n);
}

/**
 * Σ_{σ_i > tol·σ₁} scale(i) · u_i v_iᵀ as a row-major m×n array (the polar factor U_r V_rᵀ for
 * scale ≡ 1).
 */
export function svdCompose(d: DenseSVD, scale: (i: number) => number, tol: number): Float64Array {
  const { m, n, k, u, s, v } = d;
  const out = new Float64Array(m * n);
  const cut = (s[0] ?? 0) * tol;
  for (let r = 0; r < k; r++) {
    if (!(s[r]! > cut) || s[r] === 0) break;
    const c = scale(r);
    if (c === 0) continue;
    for (let i = 0; i < m; i++) {
      const ui = u[i * k + r]! * c;
      if (ui === 0) continue;
      for (let j = 0; j < n; j++) out[i * n + j] += ui * v[j * k + r]!;
    }
  }
  return out;
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
