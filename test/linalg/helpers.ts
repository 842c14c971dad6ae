// Shared helpers of the linear-algebra tests: seeded float64 matrices and matrix-level closeness.
import "../../src/index.js";
import { expect } from "vitest";
import { add, broadcastTo, matmul, mul, sub, transpose, unsqueeze } from "../../src/ops/index.js";
import { eye, randn, tensor, type NestedArray } from "../../src/tensor/creation.js";
import { Tensor } from "../../src/tensor/tensor.js";

/** A float64 tensor. */
export function f64(data: NestedArray): Tensor {
  return tensor(data, { dtype: "float64" });
}

/** Seeded standard-normal float64 samples. */
export function gaussian(shape: readonly number[], seed: number): Tensor {
  return randn(shape, { seed, dtype: "float64" });
}

/** A well-conditioned square matrix (batch): G/√n + 2·I with G Gaussian. */
export function wellConditioned(shape: readonly number[], seed: number): Tensor {
  const n = shape[shape.length - 1]!;
  return add(mul(gaussian(shape, seed), 1 / Math.sqrt(n)), mul(eye(n, { dtype: "float64" }), 2));
}

/** A symmetric positive-definite matrix (batch): G·Gᵀ/n + I. */
export function spd(shape: readonly number[], seed: number): Tensor {
  const n = shape[shape.length - 1]!;
  const g = gaussian(shape, seed);
  return add(mul(matmul(g, mT(g)), 1 / n), eye(n, { dtype: "float64" }));
}

/** Transpose of the last two axes. */
export function mT(x: Tensor): Tensor {
  const p = x.shape.map((_, i) => i);
  [p[p.length - 1], p[p.length - 2]] = [p[p.length - 2]!, p[p.length - 1]!];
  return transpose(x, p);
}

/** U·diag(s)·Vh for batches. */
export function usv(u: Tensor, s: Tensor, vh: Tensor): Tensor {
  return matmul(mul(u, unsqueeze(s, -2)), vh);
}

/** max |a − b| over all elements. */
export function maxAbsDiff(a: Tensor | NestedArray, b: Tensor | NestedArray): number {
  const x = a instanceof Tensor ? a : f64(a);
  const y = b instanceof Tensor ? b : f64(b);
  expect(x.shape).toEqual(y.shape);
  const d = sub(x, y).data();
  let m = 0;
  for (let i = 0; i < d.length; i++) m = Math.max(m, Math.abs(d[i]!));
  return m;
}

/** Asserts that two tensors (or a tensor and nested numbers) agree to `tol` in max norm. */
export function expectNear(a: Tensor | NestedArray, b: Tensor | NestedArray, tol = 1e-10, what = ""): void {
  const d = maxAbsDiff(a, b);
  expect(d, `${what} max |difference| = ${d}`).toBeLessThanOrEqual(tol);
}

/** Asserts QᵀQ = I for the columns of a (batch of) matrix. */
export function expectOrthonormalColumns(q: Tensor, tol = 1e-12): void {
  const k = q.shape[q.ndim - 1]!;
  expectNear(matmul(mT(q), q), broadcastTo(eye(k, { dtype: q.dtype }), [...q.shape.slice(0, -2), k, k]), tol, "QᵀQ − I");
}
