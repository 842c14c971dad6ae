import { checkBoolean, checkOptionNames } from "../core/validate.js";
import { cast } from "../ops/cast.js";
import { greater } from "../ops/comparison.js";
import { abs } from "../ops/elementwise.js";
import { sum } from "../ops/reductions.js";
import type { TensorLike } from "../ops/tensor-like.js";
import type { Tensor } from "../tensor/tensor.js";
import { floatMatrix, squareDim } from "./check-matrix.js";
import { eighInput } from "./decomposition-options.js";
import { eigh } from "./primitives/eigh.js";
import { svdvals } from "./primitives/svd.js";
import type { PinvOptions } from "./pinv.js";
import { spectralCutoff } from "./spectral-cutoff.js";

/**
 * The numerical rank of a matrix (batch) as int32 [...]: the number of singular values above
 * max(atol, rtol·σ_max), with torch.linalg.matrix_rank's options and defaults (rtol = max(m, n)·ε
 * unless atol > 0 is given; `hermitian: true` counts |eigenvalues| from eigh). An integer: no gradient.
 * NOTE: `hermitian: true` reads only the lower triangle (PyTorch: eigvalsh with UPLO = "L").
 *
 * @example
 * linalg.matrixRank(tensor([[1, 2], [2, 4]])); // 1
 */
export function matrixRank(a: TensorLike, opts?: PinvOptions): Tensor {
  const o = checkOptionNames<PinvOptions>(opts, "matrixRank", ["atol", "rtol", "hermitian"]);
  const A = floatMatrix(a, "matrixRank");
  const [m, n] = A.shape.slice(-2) as [number, number];
  const hermitian = o.hermitian === undefined ? false : checkBoolean(o.hermitian, "matrixRank", "options.hermitian");
  if (hermitian) squareDim("matrixRank", A, "the matrix (hermitian: true)");
  const s = hermitian ? abs(eigh(eighInput(A, { UPLO: "L" }, "matrixRank")).eigenvalues) : svdvals(A);
  return cast(sum(cast(greater(s, spectralCutoff("matrixRank", s, m, n, o)), "int32"), -1), "int32");
}
