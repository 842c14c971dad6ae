import { checkBoolean, checkOptionNames } from "../core/validate.js";
import type { TensorLike } from "../ops/tensor-like.js";
import type { Tensor } from "../tensor/tensor.js";
import { floatMatrix, squareDim } from "./check-matrix.js";
import { eighInput } from "./decomposition-options.js";
import { matmul, matrixTranspose, reciprocalOrZero, scaleColumns } from "./matrix-algebra.js";
import { eigh } from "./primitives/eigh.js";
import { svd } from "./primitives/svd.js";
import { spectralCutoff, type SpectralTolerance } from "./spectral-cutoff.js";

/** Options of `pinv`. */
export interface PinvOptions extends SpectralTolerance {
  /** A is symmetric: use `eigh` of its lower triangle instead of the SVD (default false). */
  hermitian?: boolean;
}

/**
 * The Moore–Penrose pseudo-inverse A⁺ of a matrix (batch) of any shape, [..., n, m] for A [..., m, n]:
 * A⁺ = V·diag(1/σ)·Uᵀ from the SVD, with 1/σ taken as 0 for σ ≤ max(atol, rtol·σ_max) (PyTorch's
 * options and defaults; `hermitian: true` uses eigh, A⁺ = V·diag(1/w)·Vᵀ, of the symmetric matrix
 * that A's lower triangle defines). Differentiable through the
 * svd/eigh rules; for A of constant rank this is the Golub–Pereyra derivative
 * dA⁺ = −A⁺dA A⁺ + A⁺A⁺ᵀdAᵀ(I − AA⁺) + (I − A⁺A)dAᵀA⁺ᵀA⁺.
 * NOTE: at a rank-deficient A the pseudo-inverse is discontinuous in directions that change the
 * rank; the derivative returned is the constant-rank one (as PyTorch's).
 * NOTE: `hermitian: true` reads only the lower triangle (PyTorch's pinv goes through eigh with
 * UPLO = "L"): the strict upper triangle is never read and gets no gradient.
 *
 * @example
 * linalg.pinv(tensor([[1, 2], [2, 4]])); // [[0.04, 0.08], [0.08, 0.16]]
 */
export function pinv(a: TensorLike, opts?: PinvOptions): Tensor {
  const o = checkOptionNames<PinvOptions>(opts, "pinv", ["atol", "rtol", "hermitian"]);
  const A = floatMatrix(a, "pinv");
  const [m, n] = A.shape.slice(-2) as [number, number];
  if (o.hermitian !== undefined && checkBoolean(o.hermitian, "pinv", "options.hermitian")) {
    squareDim("pinv", A, "the matrix (hermitian: true)");
    const { eigenvalues: w, eigenvectors: V } = eigh(eighInput(A, { UPLO: "L" }, "pinv"));
    return matmul(scaleColumns(V, reciprocalOrZero(w, spectralCutoff("pinv", w, m, n, o))), matrixTranspose(V));
  }
  const { U, S, Vh } = svd(A);
  return matmul(scaleColumns(matrixTranspose(Vh), reciprocalOrZero(S, spectralCutoff("pinv", S, m, n, o))), matrixTranspose(U));
}
