// The options of the decompositions (PyTorch's names), checked: an unknown name or a bad value
// raises an ArgumentError naming the function.
import { argumentError, checkBoolean, checkOptionNames } from "../core/validate.js";
import { add } from "../ops/arithmetic.js";
import { tril, triu } from "../ops/diagonal.js";
import type { Tensor } from "../tensor/tensor.js";
import { matrixTranspose } from "./matrix-algebra.js";

/** Options of `svd`. */
export interface SvdOptions {
  /** U m×m and Vh n×n, completed with orthonormal bases of the complements (default false: k = min(m, n) columns). */
  fullMatrices?: boolean;
}

/** Options of `qr`. */
export interface QrOptions {
  /** "reduced" (default): Q m×k, R k×n; "complete": Q m×m, R m×n; "r": R only (Q is an empty tensor, as in PyTorch). */
  mode?: "reduced" | "complete" | "r";
}

/** Options of `eigh` and `eigvalsh`. */
export interface EighOptions {
  /** Read only the lower ("L") or upper ("U") triangle of A; default: the symmetric part (A + Aᵀ)/2. */
  UPLO?: "L" | "U";
}

/** The checked `fullMatrices` of `svd`. */
export function svdFullMatrices(opts: unknown, fn: string): boolean {
  const o = checkOptionNames<SvdOptions>(opts, fn, ["fullMatrices"]);
  return o.fullMatrices === undefined ? false : checkBoolean(o.fullMatrices, fn, "options.fullMatrices");
}

/** The checked `mode` of `qr`. */
export function qrMode(opts: unknown, fn: string): "reduced" | "complete" | "r" {
  const o = checkOptionNames<QrOptions>(opts, fn, ["mode"]);
  const mode = o.mode ?? "reduced";
  if (mode !== "reduced" && mode !== "complete" && mode !== "r") throw argumentError(fn, "options.mode", `"reduced", "complete" or "r"`, mode);
  return mode;
}

/**
 * The symmetric matrix `eigh` decomposes: with UPLO "L" tril(A) + tril(A, −1)ᵀ, with "U"
 * triu(A) + triu(A, 1)ᵀ (PyTorch and LAPACK: the other triangle is never read, and gets no
 * gradient); without UPLO A itself, which eigh symmetrises as (A + Aᵀ)/2.
 * NOTE: the default stays (A + Aᵀ)/2 (JAX's symmetrize_input): equal to either triangle for a
 * symmetric A, and its gradient is symmetric.
 */
export function eighInput(a: Tensor, opts: unknown, fn: string): Tensor {
  const o = checkOptionNames<EighOptions>(opts, fn, ["UPLO"]);
  if (o.UPLO === undefined) return a;
  if (o.UPLO === "L") return add(tril(a), matrixTranspose(tril(a, -1)));
  if (o.UPLO === "U") return add(triu(a), matrixTranspose(triu(a, 1)));
  throw argumentError(fn, "options.UPLO", `"L" or "U"`, o.UPLO);
}
