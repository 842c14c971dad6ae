// Small shared helpers of the ops tests: float64 tensors, closeness, central finite differences.
import "../../src/index.js";
import { expect } from "vitest";
import { mul, sum } from "../../src/ops/index.js";
import { tensor, type NestedArray } from "../../src/tensor/creation.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { grad } from "../../src/transforms/grad.js";
import { jvp } from "../../src/transforms/jvp.js";

/** A float64 tensor. */
export function f64(data: NestedArray): Tensor {
  return tensor(data, { dtype: "float64" });
}

/** The elements as a flat list of numbers. */
export function values(t: Tensor): number[] {
  return Array.from(t.data(), Number);
}

/** Asserts shape and elementwise closeness (NaN matches NaN, ±∞ must match exactly). */
export function expectClose(actual: Tensor, expected: NestedArray, tol = 1e-6): void {
  const e = tensor(expected, { dtype: "float64" });
  expect(actual.shape).toEqual(e.shape);
  const a = values(actual);
  values(e).forEach((v, i) => {
    const x = a[i]!;
    if (Number.isNaN(v) || !Number.isFinite(v)) expect(x, `element ${i}`).toBe(v);
    else expect(Math.abs(x - v), `element ${i}: ${x} vs ${v}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(v)));
  });
}

/** Central finite-difference gradient of a scalar function of one float64 tensor. */
export function numericalGrad(f: (x: Tensor) => Tensor, x: Tensor, eps = 1e-6): Tensor {
  const base = x.data() as Float64Array;
  const g = new Float64Array(base.length);
  for (let i = 0; i < base.length; i++) {
    const plus = base.slice();
    const minus = base.slice();
    plus[i] += eps;
    minus[i] -= eps;
    const fp = f(tensor(plus, { shape: x.shape.slice() })).item();
    const fm = f(tensor(minus, { shape: x.shape.slice() })).item();
    g[i] = (fp - fm) / (2 * eps);
  }
  return tensor(g, { shape: x.shape.slice() });
}

/** Fixed pseudo-random float64 weights (a cotangent that does not hide transposition errors). */
export function weights(shape: readonly number[], seed = 1): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const w = new Float64Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 16807) % 2147483647;
    w[i] = (s / 2147483647) * 2 - 1;
  }
  return tensor(w, { shape: shape.slice() });
}

/**
 * Checks reverse mode against finite differences for `f` (any output shape, reduced to a scalar
 * by a fixed random weighting) at a float64 point.
 */
export function checkGradient(f: (x: Tensor) => Tensor, x: Tensor, tol = 1e-6): void {
  const w = weights(f(x).shape);
  const scalarF = (y: Tensor) => {
    const out = f(y);
    const d = out.data();
    const wd = w.data();
    let s = 0;
    for (let i = 0; i < d.length; i++) s += d[i]! * wd[i]!;
    return tensor(s, { dtype: "float64" });
  };
  const reverse = grad((y: Tensor) => sum(mul(f(y), w)))(x) as Tensor;
  const numerical = numericalGrad(scalarF, x);
  expectClose(reverse, numerical.toArray() as NestedArray, tol);
  // Forward mode along a random direction v: ⟨w, J v⟩ = ⟨∇(w·f), v⟩.
  const v = weights(x.shape, 7);
  const [, tangent] = jvp(f, [x], [v]) as [Tensor, Tensor];
  const forward = sum(mul(tangent, w)).item();
  const expected = sum(mul(numerical, v)).item();
  expect(Math.abs(forward - expected), `forward mode: ${forward} vs ${expected}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(expected)));
}
