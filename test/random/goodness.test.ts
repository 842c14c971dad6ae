import { describe, expect, it } from "vitest";
import { random, tensor, type Tensor } from "../../src/index.js";
import { betaI, chiSquare, gammaP, ksCritical, ksStatistic, lgamma, meanAndSe, normalCdf } from "./stats.js";

/**
 * Goodness of fit of every sampler, seeded so each test is deterministic: Kolmogorov–Smirnov against
 * the exact CDF (continuous) or Pearson's χ² (discrete), at α = 1e-4 (a correct sampler fails with
 * probability 1e-4 at a fresh seed), and sample moments within 5 Monte Carlo standard errors.
 */

const N = 20000;
const data = (t: Tensor): number[] => Array.from(t.data() as ArrayLike<number>);

function expectFits(samples: ArrayLike<number>, cdf: (x: number) => number): void {
  const d = ksStatistic(samples, cdf);
  expect(d, `KS D = ${d}, critical ${ksCritical(samples.length)}`).toBeLessThan(ksCritical(samples.length));
}

function expectCounts(values: ArrayLike<number>, pmf: (k: number) => number, kMax: number): void {
  const counts = new Array<number>(kMax + 1).fill(0);
  for (let i = 0; i < values.length; i++) counts[values[i]!]!++;
  const expected = counts.map((_, k) => pmf(k) * values.length);
  const { stat, critical, df } = chiSquare(counts, expected);
  expect(df).toBeGreaterThan(0);
  expect(stat, `χ² = ${stat} with ${df} df, critical ${critical}`).toBeLessThan(critical);
}

const gammaCdf = (a: number) => (x: number): number => gammaP(a, x);
const betaCdf = (a: number, b: number) => (x: number): number => betaI(a, b, x);

describe("continuous samplers: Kolmogorov–Smirnov at α = 1e-4", () => {
  const k = random.key(2024);
  it("uniform, with bounds, in both dtypes", () => {
    expectFits(data(random.uniform(k, [N])), (x) => Math.min(1, Math.max(0, x)));
    expectFits(data(random.uniform(k, [N], { minval: -2, maxval: 3, dtype: "float64" })), (x) => Math.min(1, Math.max(0, (x + 2) / 5)));
  });
  it("normal (float32 and float64)", () => {
    expectFits(data(random.normal(k, [N])), normalCdf);
    expectFits(data(random.normal(random.key(5), [N], { dtype: "float64" })), normalCdf);
  });
  it("exponential, laplace, logistic, gumbel, cauchy", () => {
    expectFits(data(random.exponential(k, [N])), (x) => 1 - Math.exp(-x));
    expectFits(data(random.laplace(k, [N])), (x) => (x < 0 ? 0.5 * Math.exp(x) : 1 - 0.5 * Math.exp(-x)));
    expectFits(data(random.logistic(k, [N])), (x) => 1 / (1 + Math.exp(-x)));
    expectFits(data(random.gumbel(k, [N])), (x) => Math.exp(-Math.exp(-x)));
    expectFits(data(random.cauchy(k, [N])), (x) => 0.5 + Math.atan(x) / Math.PI);
  });
  it("gamma at shapes 0.1, 0.5, 1, 5, 100 (float64) and 0.5 (float32)", () => {
    for (const a of [0.1, 0.5, 1, 5, 100]) expectFits(data(random.gamma(random.key(a * 1000), a, [N], { dtype: "float64" })), gammaCdf(a));
    expectFits(data(random.gamma(k, 0.5, [N])), gammaCdf(0.5));
  });
  it("loggamma at a = 0.01: exp of it is Gamma(0.01) (P(X ≤ x) = P(log X ≤ log x))", () => {
    const s = data(random.loggamma(k, 0.01, [N], { dtype: "float64" }));
    expect(Math.min(...s)).toBeLessThan(-745); // some draws lie where exp(log X) underflows to 0 even in float64
    expectFits(s, (y) => gammaP(0.01, Math.exp(y)));
  });
  it("the KS check has power: gamma(5) samples fail against Gamma(5.5), and against a wrong scale", () => {
    const s = data(random.gamma(k, 5, [N], { dtype: "float64" }));
    expect(ksStatistic(s, gammaCdf(5.5))).toBeGreaterThan(ksCritical(N));
    expect(ksStatistic(s.map((x) => x * 1.05), gammaCdf(5))).toBeGreaterThan(ksCritical(N));
  });
  it("beta at (0.5, 0.5), (2, 5), and tiny (0.01, 0.01)", () => {
    expectFits(data(random.beta(k, 0.5, 0.5, [N], { dtype: "float64" })), betaCdf(0.5, 0.5));
    expectFits(data(random.beta(k, 2, 5, [N], { dtype: "float64" })), betaCdf(2, 5));
    const tiny = data(random.beta(k, 0.01, 0.01, [N], { dtype: "float64" }));
    expect(tiny.every((x) => x >= 0 && x <= 1)).toBe(true);
    // Beta(0.01, 0.01) puts half its mass near 0 and half near 1.
    expect(Math.abs(tiny.filter((x) => x < 0.5).length / N - 0.5)).toBeLessThan(5 * Math.sqrt(0.25 / N));
  });
  it("dirichlet marginals are Beta(αᵢ, Σα − αᵢ), rows sum to 1", () => {
    const alpha = [0.5, 2, 3];
    const s = random.dirichlet(k, tensor(alpha), [N], { dtype: "float64" });
    expect(s.shape).toEqual([N, 3]);
    const v = data(s);
    for (let j = 0; j < 3; j++) expectFits(v.filter((_, i) => i % 3 === j), betaCdf(alpha[j]!, 5.5 - alpha[j]!));
    for (let r = 0; r < 10; r++) expect(v[3 * r]! + v[3 * r + 1]! + v[3 * r + 2]!).toBeCloseTo(1, 12);
  });
  it("truncatedNormal in the body [−1, 2] and deep in the upper tail [3, 5]", () => {
    const tn = (a: number, b: number) => (x: number): number => (normalCdf(x) - normalCdf(a)) / (normalCdf(b) - normalCdf(a));
    expectFits(data(random.truncatedNormal(k, -1, 2, [N], { dtype: "float64" })), tn(-1, 2));
    const tail = data(random.truncatedNormal(k, 3, 5, [N], { dtype: "float64" }));
    expect(tail.every((x) => x >= 3 && x <= 5)).toBe(true);
    // Reference in the mirrored lower tail, where the A&S normal CDF keeps relative precision.
    expectFits(tail.map((x) => -x), tn(-5, -3));
  });
  it("studentT with 3 degrees of freedom", () => {
    const tCdf = (nu: number) => (t: number): number => {
      const tail = 0.5 * betaI(nu / 2, 0.5, nu / (nu + t * t));
      return t > 0 ? 1 - tail : tail;
    };
    expectFits(data(random.studentT(k, 3, [N], { dtype: "float64" })), tCdf(3));
  });
});

describe("discrete samplers: χ² at α = 1e-4", () => {
  const k = random.key(77);
  const poissonPmf = (lam: number) => (j: number): number => Math.exp(j * Math.log(lam) - lam - lgamma(j + 1));
  it("bernoulli(0.3)", () => {
    const b = random.bernoulli(k, 0.3, [N]);
    expect(b.dtype).toBe("bool");
    expectCounts(data(b), (j) => (j === 1 ? 0.3 : 0.7), 1);
  });
  it("categorical(logits [0, 1, 2, −∞]): never the impossible category", () => {
    const logits = [0, 1, 2, -Infinity];
    const z = Math.exp(0) + Math.exp(1) + Math.exp(2);
    const c = data(random.categorical(k, tensor(logits), { shape: [N] }));
    expect(c.includes(3)).toBe(false);
    expectCounts(c, (j) => Math.exp(logits[j]!) / z, 3);
  });
  it("categorical along axis 0 of a batch", () => {
    const logits = tensor([[0, 2], [1, 0]]); // axis 0: column 0 has logits (0, 1), column 1 (2, 0)
    const c = random.categorical(k, logits, { axis: 0, shape: [N, 2] });
    expect(c.shape).toEqual([N, 2]);
    const v = data(c);
    const p0 = Math.exp(1) / (1 + Math.exp(1));
    const p1 = 1 / (1 + Math.exp(2));
    expectCounts(v.filter((_, i) => i % 2 === 0), (j) => (j === 1 ? p0 : 1 - p0), 1);
    expectCounts(v.filter((_, i) => i % 2 === 1), (j) => (j === 1 ? p1 : 1 - p1), 1);
  });
  it("randint(−3, 4)", () => {
    expectCounts(data(random.randint(k, [N], -3, 4)).map((x) => x + 3), () => 1 / 7, 6);
  });
  it("poisson at rates 0.5, 3, 30 and 1000", () => {
    for (const lam of [0.5, 3, 30, 1000]) {
      const s = data(random.poisson(random.key(lam * 10), lam, [N]));
      expectCounts(s, poissonPmf(lam), Math.max(...s));
    }
  });
  it("the χ² check has power: poisson(30) samples fail against Poisson(31)", () => {
    const s = data(random.poisson(k, 30, [N]));
    const counts = new Array<number>(Math.max(...s) + 1).fill(0);
    for (const x of s) counts[x]!++;
    const { stat, critical } = chiSquare(counts, counts.map((_, j) => poissonPmf(31)(j) * N));
    expect(stat).toBeGreaterThan(critical);
  });
  it("permutation of 3: all 6 orderings equally likely", () => {
    const codes: number[] = [];
    const base = random.key(5);
    for (let i = 0; i < 6000; i++) {
      const [a, b] = data(random.permutation(random.foldIn(base, i), 3));
      codes.push(a! * 3 + b!);
    }
    const index = [1, 2, 3, 5, 6, 7]; // a·3 + b for the 6 orderings
    expectCounts(codes.map((c) => index.indexOf(c)), () => 1 / 6, 5);
  });
  it("choice with and without replacement, uniform and weighted", () => {
    const p = tensor([1, 2, 3, 4]);
    expectCounts(data(random.choice(k, 4, [N], { p })), (j) => (j + 1) / 10, 3);
    expectCounts(data(random.choice(k, 5, [N])), () => 1 / 5, 4);
    const picks = data(random.choice(k, 10, [10], { replace: false }));
    expect([...picks].sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // Weighted without replacement: the first pick follows p.
    const first: number[] = [];
    for (let i = 0; i < 4000; i++) first.push(data(random.choice(random.foldIn(k, i), 4, [2], { p, replace: false }))[0]!);
    expectCounts(first, (j) => (j + 1) / 10, 3);
  });
});

describe("sample moments within 5 Monte Carlo standard errors", () => {
  const k = random.key(31);
  const check = (xs: number[], mean: number, variance: number): void => {
    const m = meanAndSe(xs);
    expect(Math.abs(m.mean - mean)).toBeLessThan(5 * m.se);
    expect(Math.abs(m.variance - variance)).toBeLessThan(5 * m.varianceSe);
  };
  it("gamma(5), beta(2, 5), poisson(30), normal, exponential", () => {
    check(data(random.gamma(k, 5, [N])), 5, 5);
    check(data(random.beta(k, 2, 5, [N])), 2 / 7, 10 / (49 * 8));
    check(data(random.poisson(k, 30, [N])), 30, 30);
    check(data(random.normal(k, [N])), 0, 1);
    check(data(random.exponential(k, [N])), 1, 1);
  });
  it("tensor parameters broadcast against the sample shape", () => {
    const a = tensor([[1], [10]]);
    const g = random.gamma(k, a, [2, N / 2], { dtype: "float64" });
    expect(g.shape).toEqual([2, N / 2]);
    const v = data(g);
    check(v.slice(0, N / 2), 1, 1);
    check(v.slice(N / 2), 10, 10);
    const lam = random.poisson(k, tensor([0, 2, 1e6]));
    expect(lam.shape).toEqual([3]);
    expect(data(lam)[0]).toBe(0);
    expect(Math.abs(data(lam)[2]! - 1e6)).toBeLessThan(6 * 1000);
  });
});
