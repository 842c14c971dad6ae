import { ArgumentError } from "../../../core/errors.js";

/**
 * The inverse of a symmetric positive-definite d × d matrix (row-major) by Cholesky; an error naming
 * `fn` when it is not positive definite (the Laplace point is not a strict local maximum).
 */
export function invertSymmetric(a: Float64Array, d: number, fn: string): Float64Array {
  const l = new Float64Array(d * d);
  for (let j = 0; j < d; j++) {
    let s = a[j * d + j]!;
    for (let k = 0; k < j; k++) s -= l[j * d + k]! ** 2;
    if (!(s > 0))
      throw new ArgumentError(`${fn}: the Hessian of −log p at the fitted point is not positive definite (pivot ${j} is ${s}); the fit has not reached a mode: run more steps`);
    l[j * d + j] = Math.sqrt(s);
    for (let i = j + 1; i < d; i++) {
      let t = a[i * d + j]!;
      for (let k = 0; k < j; k++) t -= l[i * d + k]! * l[j * d + k]!;
      l[i * d + j] = t / l[j * d + j]!;
    }
  }
  // L⁻¹ by forward substitution, then A⁻¹ = L⁻ᵀ L⁻¹.
  const li = new Float64Array(d * d);
  for (let c = 0; c < d; c++) {
    for (let i = 0; i < d; i++) {
      let t = i === c ? 1 : 0;
      for (let k = 0; k < i; k++) t -= l[i * d + k]! * li[k * d + c]!;
      li[i * d + c] = t / l[i * d + i]!;
    }
  }
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++)
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let k = Math.max(i, j); k < d; k++) s += li[k * d + i]! * li[k * d + j]!;
      out[i * d + j] = s;
    }
  return out;
}
