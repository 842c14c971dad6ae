// LKJCholesky: logProb against closed forms (d = 2: (1 − r²)^{η−1} normalised by 2^{2η−1}B(η, η);
// d = 3, η = 1: uniform over correlation matrices, whose volume is π²/2 — Rousseeuw & Molenberghs
// 1994), normalisation by quadrature and by importance sampling, the onion sampler's marginals by
// Kolmogorov–Smirnov ((r + 1)/2 ~ Beta(η − 1 + d/2, η − 1 + d/2) for every off-diagonal r of LLᵀ),
// gradients in η and in the value against central differences, validation and shapes.
import { describe, expect, it } from "vitest";
import { ArgumentError, distributions as D, grad, random, tensor, type Tensor } from "../../src/index.js";
import { betaI, ksCritical, ksStatistic, lgamma } from "../random/stats.js";

const f64 = (x: number | number[] | number[][] | number[][][]): Tensor => tensor(x as number[], { dtype: "float64" });
const l2 = (r: number): number[][] => [[1, 0], [r, Math.sqrt(1 - r * r)]];
const rel = (u: number, v: number): number => Math.abs(u - v) / Math.max(1, Math.abs(v));

/** LLᵀ's entry (i, j) of a flat batch of d × d factors, sample k. */
function corr(s: ArrayLike<number>, d: number, k: number, i: number, j: number): number {
  let c = 0;
  for (let m = 0; m < d; m++) c += s[k * d * d + i * d + m]! * s[k * d * d + j * d + m]!;
  return c;
}

describe("LKJCholesky", () => {
  it.each([0.5, 1, 2.5, 7])("d = 2, η = %f: logProb = (η − 1) ln(1 − r²) − ln(2^{2η−1} B(η, η))", (eta) => {
    const d = new D.LKJCholesky(2, f64(eta));
    const lnNorm = (2 * eta - 1) * Math.log(2) + 2 * lgamma(eta) - lgamma(2 * eta);
    for (const r of [-0.9, -0.3, 0, 0.55, 0.99]) {
      const want = (eta - 1) * Math.log(1 - r * r) - lnNorm;
      expect(rel(d.logProb(f64(l2(r))).item(), want), `r = ${r}`).toBeLessThan(1e-12);
    }
    // normalised: ∫ p(r) dr = 1 (r = sin θ, Simpson's rule on θ ∈ (−π/2, π/2))
    const n = 2000;
    const h = Math.PI / n;
    const lp = d.logProb(f64(Array.from({ length: n + 1 }, (_, k) => l2(Math.sin(-Math.PI / 2 + k * h)).map((row) => row.map((v) => (Number.isNaN(v) ? 0 : v)))).slice(1, n)));
    const vals = lp.data();
    let integral = 0;
    for (let k = 1; k < n; k++) integral += (k % 2 === 1 ? 4 : 2) * Math.exp(vals[k - 1]!) * Math.cos(-Math.PI / 2 + k * h);
    integral *= h / 3;
    expect(Math.abs(integral - 1)).toBeLessThan(eta < 1 ? 1e-2 : 1e-6); // η < 1: an integrable singularity at |r| = 1
  });

  it("through bijectTo(corrCholesky) the density on the unconstrained line integrates to 1 (d = 2)", () => {
    const t = D.bijectTo(D.constraints.corrCholesky);
    const n = 4000;
    const h = 40 / n;
    const ys = f64(Array.from({ length: n + 1 }, (_, k) => [-20 + k * h]));
    const L = t.forward(ys);
    for (const eta of [0.7, 2.5]) {
      const dens = new D.LKJCholesky(2, f64(eta)).logProb(L).add(t.logAbsDetJacobian(ys, L)).exp().data();
      let integral = 0;
      for (let k = 0; k <= n; k++) integral += (k === 0 || k === n ? 0.5 : 1) * dens[k]!;
      expect(Math.abs(integral * h - 1), `η = ${eta}`).toBeLessThan(1e-8);
    }
  });

  it("d = 3, η = 1: uniform over correlation matrices: logProb = ln L₂₂ − ln(π²/2)", () => {
    const L = [[1, 0, 0], [0.3, Math.sqrt(1 - 0.09), 0], [-0.2, 0.5, Math.sqrt(1 - 0.04 - 0.25)]];
    const got = new D.LKJCholesky(3, f64(1)).logProb(f64(L)).item();
    expect(rel(got, Math.log(L[1]![1]!) - Math.log(Math.PI ** 2 / 2))).toBeLessThan(1e-13);
  });

  it("normalisation across η by importance sampling: E_{LKJ(1)}[p_η(L)/p_1(L)] = 1 within 5 standard errors (d = 4)", () => {
    const n = 20000;
    const uniform = new D.LKJCholesky(4, f64(1));
    const s = uniform.sample([n], random.key(21));
    for (const eta of [0.8, 2]) {
      const w = new D.LKJCholesky(4, f64(eta)).logProb(s).sub(uniform.logProb(s)).exp().data();
      let m = 0;
      let m2 = 0;
      for (let i = 0; i < n; i++) [m, m2] = [m + w[i]!, m2 + w[i]! ** 2];
      m /= n;
      const se = Math.sqrt((m2 / n - m * m) / n);
      expect(Math.abs(m - 1), `η = ${eta}`).toBeLessThan(5 * se);
    }
  });

  it.each([[2, 0.5], [3, 1], [4, 1.5], [5, 4]])("d = %i, η = %f: every off-diagonal (r + 1)/2 of LLᵀ is Beta(η − 1 + d/2) by KS", (d, eta) => {
    const n = 4000;
    const s = new D.LKJCholesky(d, f64(eta)).sample([n], random.key(100 + d)).data();
    const a = eta - 1 + d / 2;
    for (const [i, j] of [[1, 0], [d - 1, d - 2], [d - 1, 0]] as const) {
      const r = Array.from({ length: n }, (_, k) => (corr(s, d, k, i, j) + 1) / 2);
      expect(ksStatistic(r, (x) => betaI(a, a, x)), `(${i}, ${j})`).toBeLessThan(ksCritical(n));
    }
  });

  it("sample moments: every off-diagonal r has mean 0 and variance 1/(2a + 1), a = η − 1 + d/2, within 5 standard errors", () => {
    const [d, eta, n] = [4, 1.5, 20000];
    const s = new D.LKJCholesky(d, f64(eta)).sample([n], random.key(31)).data();
    const v = 1 / (2 * (eta - 1 + d / 2) + 1);
    for (const [i, j] of [[1, 0], [2, 1], [3, 0], [3, 2]] as const) {
      let m = 0;
      let m2 = 0;
      let m4 = 0;
      for (let k = 0; k < n; k++) {
        const r = corr(s, d, k, i, j);
        [m, m2, m4] = [m + r, m2 + r * r, m4 + r ** 4];
      }
      [m, m2, m4] = [m / n, m2 / n, m4 / n];
      expect(Math.abs(m), `mean (${i}, ${j})`).toBeLessThan(5 * Math.sqrt(v / n));
      expect(Math.abs(m2 - v), `variance (${i}, ${j})`).toBeLessThan(5 * Math.sqrt((m4 - m2 * m2) / n));
    }
  });

  it("samples lie in the support, have the shape [...sample, ...batch, d, d], and the diagonal of LLᵀ is 1", () => {
    const d = new D.LKJCholesky(3, f64([0.5, 2]));
    expect(d.batchShape).toEqual([2]);
    expect(d.eventShape).toEqual([3, 3]);
    const s = d.sample([50], random.key(4));
    expect(s.shape).toEqual([50, 2, 3, 3]);
    expect(Array.from(D.constraints.corrCholesky.check(s).data()).every(Boolean)).toBe(true);
    expect(d.logProb(s).shape).toEqual([50, 2]);
    const flat = s.data();
    for (let k = 0; k < 100; k++) for (let i = 0; i < 3; i++) expect(Math.abs(corr(flat, 3, k, i, i) - 1)).toBeLessThan(1e-14);
    const e = d.expand([4, 2]);
    expect(e.batchShape).toEqual([4, 2]);
    expect(e.sample([], random.key(1)).shape).toEqual([4, 2, 3, 3]);
  });

  it("logProb differentiates in η and in the value, to second order, like central differences", () => {
    const L = f64([[1, 0, 0], [0.3, Math.sqrt(0.91), 0], [-0.2, 0.5, Math.sqrt(0.71)]]);
    const f = (eta: Tensor): Tensor => new D.LKJCholesky(3, eta).logProb(L);
    const fd = (g: (t: number) => number, t: number, h = 1e-5): number => (g(t + h) - g(t - h)) / (2 * h);
    for (const eta of [0.6, 2.5]) {
      const g = grad(f)(f64(eta)).item();
      expect(Math.abs(g - fd((t) => f(f64(t)).item(), eta))).toBeLessThan(1e-8);
      const h2 = grad((t: Tensor) => grad(f)(t))(f64(eta)).item();
      expect(Math.abs(h2 - fd((t) => grad(f)(f64(t)).item(), eta))).toBeLessThan(1e-7);
    }
    // d/dL₂₂ = (d − 2 + 2η − 2)/L₂₂ for d = 3
    const gL = grad((v: Tensor) => new D.LKJCholesky(3, f64(2.5)).logProb(v))(L).data();
    expect(rel(gL[4]!, (3 - 2 + 2 * 2.5 - 2) / Math.sqrt(0.91))).toBeLessThan(1e-13);
  });

  it("bad arguments name LKJCholesky and the argument; values outside corrCholesky are −∞ or an error", () => {
    expect(() => new D.LKJCholesky(1)).toThrow(ArgumentError);
    expect(() => new D.LKJCholesky(1)).toThrow(/LKJCholesky: dim must be an integer ≥ 2|LKJCholesky: dim/);
    expect(() => new D.LKJCholesky(2.5 as number)).toThrow(/LKJCholesky: dim/);
    expect(() => new D.LKJCholesky(3, f64(-1))).toThrow(/^LKJCholesky: concentration must be in greaterThan\(0\), got -1$/);
    expect(() => new D.LKJCholesky(3, "1" as never)).toThrow(/LKJCholesky: concentration must be a number or a tensor/);
    const bad = f64([[1, 0], [0.5, 0.5]]);
    expect(() => new D.LKJCholesky(2).logProb(bad)).toThrow(/LKJCholesky\.logProb: value must be in the support corrCholesky/);
    expect(new D.LKJCholesky(2, 1, { validateArgs: false }).logProb(bad).item()).toBe(-Infinity);
    expect(() => new D.LKJCholesky(2).rsample()).toThrow(/LKJCholesky\.rsample: LKJCholesky is not reparameterisable/);
    expect(() => new D.LKJCholesky(3).logProb(f64(l2(0.1)))).toThrow(/event shape \[3, 3\]/);
  });
});
