// Helpers of the stochastic.objective tests: exact expectations by enumeration, Monte Carlo means and
// standard errors, per-sample gradients.
import { expect } from "vitest";
import { add, exp, grad, mul, random, reshape, scalar, stochastic, sum, tensor, type distributions, type Tensor } from "../../src/index.js";
import type { StochasticContext } from "../../src/stochastic/stochastic-context.js";

/** A model of the tests: draws and costs, parameters as float64 scalars. */
export type Model = (sc: StochasticContext, ...params: Tensor[]) => void;

/** A float64 scalar. */
export const f64 = (v: number): Tensor => scalar(v, "float64");

/** [0, 1, …, k − 1]. */
export const argnums = (k: number): number[] => Array.from({ length: k }, (_, i) => i);

/** A gradient (one tensor or a list of them) as numbers. */
export const nums = (g: unknown): number[] => (Array.isArray(g) ? (g as Tensor[]).map((t) => t.item()) : [(g as Tensor).item()]);

/**
 * E[Σ costs] exactly, by enumerating every discrete site (depth first, re-running the model with a
 * prefix of choices). A site's value of shape [samples?, ...batchShape] takes every combination of
 * support values element by element (so keep sites small). Differentiable in the parameters.
 */
export function exact(model: Model, params: Tensor[]): Tensor {
  class Branch { constructor(readonly values: Tensor[]) {} }
  let total: Tensor = f64(0);
  const todo: Tensor[][] = [[]];
  while (todo.length > 0) {
    const prefix = todo.pop() ?? [];
    let i = 0;
    let logw: Tensor = f64(0);
    let c: Tensor = f64(0);
    const sc = {
      sample: (_n: string, d: distributions.Distribution, o?: { samples?: number }): Tensor => {
        if (i >= prefix.length) {
          const s = d.enumerateSupport(false);
          const support = [...new Set(s.toArray() as number[])];
          const shape = [...(o?.samples === undefined ? [] : [o.samples]), ...d.batchShape];
          const size = shape.reduce((a, b) => a * b, 1);
          const combos: Tensor[] = [];
          for (let code = 0; code < support.length ** size; code++) {
            const vals = argnums(size).map((e) => support[Math.floor(code / support.length ** e) % support.length]);
            combos.push(shape.length === 0 ? scalar(vals[0], s.dtype) : reshape(tensor(vals, { dtype: s.dtype }), shape));
          }
          throw new Branch(combos);
        }
        const x = prefix[i++];
        logw = add(logw, sum(d.logProb(x)));
        return x;
      },
      cost: (_n: string, v: Tensor | number): void => { c = add(c, sum(v as Tensor)); },
    } as unknown as StochasticContext;
    try {
      model(sc, ...params);
      total = add(total, mul(exp(logw), c));
    } catch (e) {
      if (!(e instanceof Branch)) throw e;
      for (const v of e.values) todo.push([...prefix, v]);
    }
  }
  return total;
}

/** The exact gradient of E[Σ costs] in every parameter (enumeration). */
export const exactGrad = (model: Model, params: Tensor[]): number[] =>
  nums(grad((...p: Tensor[]) => exact(model, p), { argnums: argnums(params.length) })(...params));

/** Per-coordinate mean, Monte Carlo standard error, variance and the variance's standard error of rows. */
export function moments(rows: number[][]): { mean: number[]; se: number[]; variance: number[]; varianceSe: number[] } {
  const n = rows.length;
  const cols = argnums(rows[0].length);
  const mean = cols.map((j) => rows.reduce((a, r) => a + r[j], 0) / n);
  const variance = cols.map((j) => rows.reduce((a, r) => a + (r[j] - mean[j]) ** 2, 0) / (n - 1));
  const se = variance.map((v) => Math.sqrt(v / n));
  // SE of the sample variance: √((m4 − σ⁴)/n), m4 the fourth central moment.
  const varianceSe = cols.map((j) => Math.sqrt(Math.max(rows.reduce((a, r) => a + (r[j] - mean[j]) ** 4, 0) / n - variance[j] ** 2, 0) / n));
  return { mean, se, variance, varianceSe };
}

/** The surrogate's gradient for seed s (a fresh objective with key random.key(s)). */
export const surrogateGrad = (model: Model, params: Tensor[]) => (s: number): number[] => {
  const f = stochastic.objective(model, { key: random.key(s) });
  return nums(grad((...p: Tensor[]) => f(...p).surrogate, { argnums: argnums(params.length) })(...params));
};

/** Asserts |mean − want| ≤ 5·MCSE for every coordinate (and that the estimate is not degenerate). */
export function expectWithin5Se(m: { mean: number[]; se: number[] }, want: number[]): void {
  for (let j = 0; j < want.length; j++) {
    expect(m.se[j]).toBeGreaterThan(0);
    expect(Math.abs(m.mean[j] - want[j])).toBeLessThanOrEqual(5 * m.se[j]);
  }
}

/** Asserts variance `a` is below `b` by more than 5 standard errors of each (coordinate j). */
export function expectLowerVariance(a: ReturnType<typeof moments>, b: ReturnType<typeof moments>, j = 0): void {
  expect(a.variance[j] + 5 * a.varianceSe[j]).toBeLessThan(b.variance[j] - 5 * b.varianceSe[j]);
}

/**
 * Asserts Var(a_j) < Var(b_j) from paired rows (the same draws, e.g. the same keys): with μ the exact
 * mean, d = (b − μ)² − (a − μ)² has mean Var(b) − Var(a); it must exceed 5 standard errors of d.
 */
export function expectLowerVariancePaired(a: number[][], b: number[][], mu: number, j: number): void {
  const d = a.map((r, s) => [(b[s][j] - mu) ** 2 - (r[j] - mu) ** 2]);
  const m = moments(d);
  expect(m.mean[0]).toBeGreaterThan(5 * m.se[0]);
}
