import { describe, expect, it } from "vitest";
import { distributions as D, random, tensor, type Tensor } from "../../src/index.js";
import { lgamma } from "../random/stats.js";

/**
 * Entropy, mean and variance against closed forms; sample means within 5 Monte Carlo standard errors
 * of the mean (seeded, N = 20000; se = √(variance/N)), which a correct sampler fails with probability ~6e-7.
 */

const f64 = (x: number | number[] | number[][]): Tensor => tensor(x as number[], { dtype: "float64" });
const N = 20000;
const key = random.key(7);

function sampleMeanWithin(d: D.Distribution, mean: number, variance: number): void {
  const xs = Array.from(d.sample([N], key).data() as ArrayLike<number>).map(Number);
  const m = xs.reduce((a, b) => a + b, 0) / N;
  const se = Math.sqrt(variance / N);
  expect(Math.abs(m - mean), `${d.name}: sample mean ${m}, exact ${mean}, se ${se}`).toBeLessThan(5 * se);
  const v = xs.reduce((a, b) => a + (b - m) ** 2, 0) / (N - 1);
  expect(Math.abs(v - variance) / variance, `${d.name}: sample variance ${v}, exact ${variance}`).toBeLessThan(0.1);
}

describe("moments", () => {
  it.each([
    ["Normal(1, 2)", () => new D.Normal(f64(1), f64(2)), 1, 4],
    ["Uniform(-1, 3)", () => new D.Uniform(f64(-1), f64(3)), 1, 16 / 12],
    ["Exponential(2)", () => new D.Exponential(f64(2)), 0.5, 0.25],
    ["Laplace(1, 0.5)", () => new D.Laplace(f64(1), f64(0.5)), 1, 0.5],
    ["HalfNormal(2)", () => new D.HalfNormal(f64(2)), 2 * Math.sqrt(2 / Math.PI), 4 * (1 - 2 / Math.PI)],
    ["LogNormal(0, 0.5)", () => new D.LogNormal(f64(0), f64(0.5)), Math.exp(0.125), (Math.exp(0.25) - 1) * Math.exp(0.25)],
    ["Gamma(0.5, 2)", () => new D.Gamma(f64(0.5), f64(2)), 0.25, 0.125],
    ["Gamma(5, 1)", () => new D.Gamma(f64(5), f64(1)), 5, 5],
    ["Chi2(3)", () => new D.Chi2(f64(3)), 3, 6],
    ["Beta(2, 3)", () => new D.Beta(f64(2), f64(3)), 0.4, 0.04],
    ["StudentT(5, 1, 2)", () => new D.StudentT(f64(5), f64(1), f64(2)), 1, 4 * 5 / 3],
    ["Bernoulli(0.3)", () => new D.Bernoulli({ probs: f64(0.3) }), 0.3, 0.21],
    ["Poisson(3)", () => new D.Poisson(f64(3)), 3, 3],
    ["Poisson(1000)", () => new D.Poisson(f64(1000)), 1000, 1000],
    ["Geometric(0.3)", () => new D.Geometric({ probs: f64(0.3) }), 0.7 / 0.3, 0.7 / 0.09],
    ["Binomial(10, 0.3)", () => new D.Binomial(f64(10), { probs: f64(0.3) }), 3, 2.1],
    ["NegativeBinomial(3.5, 0.4)", () => new D.NegativeBinomial(f64(3.5), { probs: f64(0.4) }), 3.5 * 0.4 / 0.6, 3.5 * 0.4 / 0.36],
  ] as const)("%s: mean, variance and sample moments", (_, make, mean, variance) => {
    const d = make();
    expect(d.mean.item()).toBeCloseTo(mean, 12);
    expect(d.variance.item()).toBeCloseTo(variance, 12);
    expect(d.stddev.item()).toBeCloseTo(Math.sqrt(variance), 12);
    sampleMeanWithin(d, mean, variance);
  });

  it("entropies against closed forms", () => {
    const e = (d: D.Distribution): number => d.entropy().item();
    const digamma = (x: number): number => (lgamma(x + 1e-5) - lgamma(x - 1e-5)) / 2e-5;
    expect(e(new D.Normal(f64(0), f64(2)))).toBeCloseTo(0.5 * Math.log(2 * Math.PI * Math.E * 4), 12);
    expect(e(new D.Exponential(f64(2)))).toBeCloseTo(1 - Math.log(2), 12);
    expect(e(new D.Uniform(f64(1), f64(4)))).toBeCloseTo(Math.log(3), 12);
    expect(e(new D.Laplace(f64(0), f64(3)))).toBeCloseTo(1 + Math.log(6), 12);
    expect(e(new D.Cauchy(f64(0), f64(3)))).toBeCloseTo(Math.log(12 * Math.PI), 12);
    expect(e(new D.Gamma(f64(3), f64(2)))).toBeCloseTo(3 - Math.log(2) + lgamma(3) + (1 - 3) * digamma(3), 8);
    expect(e(new D.Beta(f64(1), f64(1)))).toBeCloseTo(0, 12);
    expect(e(new D.Dirichlet(f64([1, 1, 1])))).toBeCloseTo(-Math.log(2), 12);
    expect(e(new D.Bernoulli({ logits: f64(0) }))).toBeCloseTo(Math.log(2), 12);
    expect(e(new D.Categorical({ logits: f64([0, 0, 0, 0]) }))).toBeCloseTo(Math.log(4), 12);
    expect(e(new D.Geometric({ probs: f64(0.5) }))).toBeCloseTo(2 * Math.log(2), 12);
    expect(e(new D.StudentT(f64(1)))).toBeCloseTo(Math.log(4 * Math.PI), 10); // t(1) is Cauchy(0, 1)
    expect(e(new D.HalfNormal(f64(1)))).toBeCloseTo(0.5 * Math.log(Math.PI * Math.E / 2), 12);
  });

  it("cdf and icdf are inverse and match closed forms", () => {
    const ds = [new D.Normal(f64(1), f64(2)), new D.Exponential(f64(2)), new D.Laplace(f64(0), f64(1)), new D.Cauchy(f64(0), f64(1)),
      new D.HalfNormal(f64(1)), new D.LogNormal(f64(0), f64(1)), new D.Uniform(f64(-1), f64(1)), new D.HalfCauchy(f64(2))];
    for (const d of ds) {
      for (const p of [0.01, 0.3, 0.5, 0.9]) expect(d.cdf(d.icdf(f64(p))).item(), d.name).toBeCloseTo(p, 10);
    }
    expect(new D.Normal(f64(0), f64(1)).cdf(f64(1.96)).item()).toBeCloseTo(0.9750021048517795, 12);
    expect(new D.Cauchy(f64(0), f64(1)).cdf(f64(1)).item()).toBeCloseTo(0.75, 12);
  });

  it("Dirichlet sample means and Categorical frequencies", () => {
    const d = new D.Dirichlet(f64([1, 2, 3]));
    const s = d.sample([N], key);
    expect(s.shape).toEqual([N, 3]);
    const m = s.mean(0).data();
    const v = d.variance.data();
    [1 / 6, 2 / 6, 3 / 6].forEach((mu, i) => expect(Math.abs(m[i]! - mu)).toBeLessThan(5 * Math.sqrt(v[i]! / N)));
    const c = new D.Categorical({ probs: f64([0.2, 0.3, 0.5]) }).sample([N], key);
    const freq = [0, 1, 2].map((k) => Array.from(c.data()).filter((x) => x === k).length / N);
    [0.2, 0.3, 0.5].forEach((p, k) => expect(Math.abs(freq[k]! - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / N)));
  });

  it("shapes: sample, batch and event; expand", () => {
    const d = new D.Normal(f64([0, 1, 2]), f64(1));
    expect(d.batchShape).toEqual([3]);
    expect(d.sample([4, 2], key).shape).toEqual([4, 2, 3]);
    const e = d.expand([5, 3]);
    expect(e.batchShape).toEqual([5, 3]);
    expect(e.sample([2], key).shape).toEqual([2, 5, 3]);
    expect(() => d.expand([2])).toThrow(/Normal\.expand: batch shape \[3\] cannot be expanded to \[2\]/);
    const ind = new D.Independent(new D.Gamma(f64([[1, 2, 3]]), f64(1)), 1).expand([4]);
    expect(ind.batchShape).toEqual([4]);
    expect(ind.eventShape).toEqual([3]);
    expect(new D.Dirichlet(f64([1, 2])).expand([3]).sample([], key).shape).toEqual([3, 2]);
  });

  it("sampling without a key follows the global seed (manualSeed)", async () => {
    const { manualSeed } = await import("../../src/index.js");
    const d = new D.Normal(f64(0), f64(1));
    manualSeed(3);
    const a = Array.from(d.sample([4]).data());
    manualSeed(3);
    expect(Array.from(d.sample([4]).data())).toEqual(a);
    expect(Array.from(d.sample([4]).data())).not.toEqual(a);
  });
});
