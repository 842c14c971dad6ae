import type { TypedArray } from "../core/dtype.js";
import type { Shape } from "../core/shape.js";

/**
 * The group (kept-axes position) of every element of a tensor of `shape`, and the group count:
 * element i belongs to the group of its coordinates along `keep` (row-major over those axes).
 */
export function groupsOf(shape: Shape, keep: readonly number[]): { group: Int32Array; count: number } {
  const size = shape.reduce((a, b) => a * b, 1);
  const group = new Int32Array(size);
  const stride = shape.map(() => 0);
  let count = 1;
  for (let k = keep.length - 1; k >= 0; k--) {
    stride[keep[k]!] = count;
    count *= shape[keep[k]!]!;
  }
  const coord = shape.map(() => 0);
  let g = 0;
  for (let i = 0; i < size; i++) {
    group[i] = g;
    for (let a = shape.length - 1; a >= 0; a--) {
      if (++coord[a]! < shape[a]!) {
        g += stride[a]!;
        break;
      }
      g -= stride[a]! * (shape[a]! - 1);
      coord[a] = 0;
    }
  }
  return { group, count };
}

/**
 * Batch statistics and the normalised values: per group, mean μ = Σx/m and biased variance
 * v = Σ(x − μ)²/m (two passes, float64 sums), and x̂ = (x − μ)/√(v + eps), each result rounded once
 * to its array's dtype.
 */
export function batchNormForward(x: TypedArray, group: Int32Array, count: number, eps: number, xhat: TypedArray, mean: TypedArray, variance: TypedArray): void {
  const s = new Float64Array(count);
  const q = new Float64Array(count);
  const m = x.length / count;
  for (let i = 0; i < x.length; i++) s[group[i]!] += x[i]!;
  for (let g = 0; g < count; g++) s[g] /= m;
  for (let i = 0; i < x.length; i++) {
    const d = x[i]! - s[group[i]!]!;
    q[group[i]!] += d * d;
  }
  for (let g = 0; g < count; g++) {
    q[g] /= m;
    mean[g] = s[g]!;
    variance[g] = q[g]!;
    q[g] = 1 / Math.sqrt(q[g]! + eps);
  }
  for (let i = 0; i < x.length; i++) xhat[i] = (x[i]! - s[group[i]!]!) * q[group[i]!]!;
}

/**
 * The cotangent of x̂ = (x − μ)/√(v + eps) with respect to x, from x̂, v and x̂'s cotangent ḡ:
 * x̄ = s·(ḡ − mean ḡ − x̂·mean(x̂ ḡ)) per group, s = 1/√(v + eps) (float64 sums, rounded once).
 */
export function batchNormBackward(xhat: TypedArray, variance: TypedArray, g: TypedArray, group: Int32Array, count: number, eps: number, out: TypedArray): void {
  const a = new Float64Array(count);
  const b = new Float64Array(count);
  const m = xhat.length / count;
  for (let i = 0; i < g.length; i++) {
    a[group[i]!] += g[i]!;
    b[group[i]!] += xhat[i]! * g[i]!;
  }
  const s = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    a[k] /= m;
    b[k] /= m;
    s[k] = 1 / Math.sqrt(variance[k]! + eps);
  }
  for (let i = 0; i < g.length; i++) {
    const k = group[i]!;
    out[i] = s[k]! * (g[i]! - a[k]! - xhat[i]! * b[k]!);
  }
}
