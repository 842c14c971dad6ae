import { checkFiniteNumber } from "../core/validate.js";
import { maximum } from "../ops/elementwise.js";
import type { Tensor } from "../tensor/tensor.js";
import { epsilonOf } from "./check-matrix.js";
import { relativeTolerance } from "./matrix-algebra.js";

/** The `atol`/`rtol` options shared by `pinv` and `matrixRank` (PyTorch's names and defaults). */
export interface SpectralTolerance {
  /** Absolute cutoff: singular values (|eigenvalues|) ≤ atol count as zero (default 0). */
  atol?: number;
  /** Cutoff relative to the largest singular value (default max(m, n)·ε, or 0 when atol > 0 is given). */
  rtol?: number;
}

/**
 * max(atol, rtol·max|s|) per matrix, with the last axis kept, for a batch of spectra s [..., k] of
 * (…, m, n) matrices; constant (no gradient flows through the cutoff).
 * NOTE: PyTorch's defaults: rtol = max(m, n)·ε of the dtype when neither is given, 0 when atol > 0.
 */
export function spectralCutoff(fn: string, s: Tensor, m: number, n: number, opts: SpectralTolerance): Tensor {
  const atol = opts.atol === undefined ? 0 : checkFiniteNumber(opts.atol, fn, "options.atol", "nonnegative");
  const rtolDefault = opts.atol !== undefined && atol > 0 ? 0 : Math.max(m, n) * epsilonOf(s.dtype);
  const rtol = opts.rtol === undefined ? rtolDefault : checkFiniteNumber(opts.rtol, fn, "options.rtol", "nonnegative");
  const rel = relativeTolerance(s, rtol);
  return atol > 0 ? maximum(rel, atol) : rel;
}
