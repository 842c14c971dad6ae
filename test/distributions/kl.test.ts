import { describe, expect, it } from "vitest";
import { distributions as D, grad, random, sub, tensor, type Tensor } from "../../src/index.js";

/** Analytic KL(p ‖ q) against the Monte Carlo mean of log p(x) − log q(x), x ~ p, within 5 MCSE (seeded). */

const f64 = (x: number | number[] | number[][]): Tensor => tensor(x as number[], { dtype: "float64" });
const N = 20000;
const key = random.key(5);

function expectKlMatchesMonteCarlo(p: D.Distribution, q: D.Distribution): void {
  const x = p.sample([N], key);
  const d = Array.from(sub(p.logProb(x), q.logProb(x)).data() as Float64Array);
  const m = d.reduce((a, b) => a + b, 0) / N;
  const se = Math.sqrt(d.reduce((a, b) => a + (b - m) ** 2, 0) / (N - 1) / N);
  const kl = D.klDivergence(p, q).item();
  expect(Math.abs(kl - m), `KL(${p.name} ‖ ${q.name}) = ${kl}, Monte Carlo ${m} ± ${se}`).toBeLessThan(5 * se + 1e-12);
  expect(kl).toBeGreaterThanOrEqual(0);
}

describe("klDivergence", () => {
  it.each([
    ["Normal", () => new D.Normal(f64(0.3), f64(1.2)), () => new D.Normal(f64(-0.5), f64(0.8))],
    ["Bernoulli", () => new D.Bernoulli({ probs: f64(0.3) }), () => new D.Bernoulli({ logits: f64(1) })],
    ["Categorical", () => new D.Categorical({ probs: f64([0.2, 0.3, 0.5]) }), () => new D.Categorical({ logits: f64([1, 0, -1]) })],
    ["Exponential", () => new D.Exponential(f64(2)), () => new D.Exponential(f64(0.7))],
    ["Gamma", () => new D.Gamma(f64(2.5), f64(1.5)), () => new D.Gamma(f64(1.2), f64(0.6))],
    ["Chi2 and Gamma (by class hierarchy)", () => new D.Chi2(f64(3)), () => new D.Gamma(f64(2), f64(1))],
    ["Beta", () => new D.Beta(f64(2), f64(3)), () => new D.Beta(f64(1.5), f64(1))],
    ["Dirichlet", () => new D.Dirichlet(f64([1, 2, 3])), () => new D.Dirichlet(f64([2, 2, 2]))],
    ["Uniform", () => new D.Uniform(f64(0), f64(1)), () => new D.Uniform(f64(-1), f64(2))],
    ["Poisson", () => new D.Poisson(f64(3)), () => new D.Poisson(f64(5))],
    ["Laplace", () => new D.Laplace(f64(0.2), f64(1)), () => new D.Laplace(f64(-0.3), f64(2))],
    ["Independent", () => new D.Independent(new D.Normal(f64([0, 1]), f64([1, 2])), 1), () => new D.Independent(new D.Normal(f64([1, 0]), f64([1, 1])), 1)],
  ] as const)("%s against Monte Carlo", (_, p, q) => expectKlMatchesMonteCarlo(p(), q()));

  it("closed-form values, zero for equal distributions, ∞ for Uniform outside the support", () => {
    expect(D.klDivergence(new D.Normal(f64(0), f64(1)), new D.Normal(f64(1), f64(2))).item()).toBeCloseTo(Math.log(2) + 2 / 8 - 0.5, 14);
    expect(D.klDivergence(new D.Gamma(f64(2), f64(3)), new D.Gamma(f64(2), f64(3))).item()).toBeCloseTo(0, 14);
    expect(D.klDivergence(new D.Uniform(f64(-1), f64(2)), new D.Uniform(f64(0), f64(1))).item()).toBe(Infinity);
    const batched = D.klDivergence(new D.Normal(f64([0, 1]), f64(1)), new D.Normal(f64(0), f64(1)));
    expect(Array.from(batched.data())).toEqual([0, 0.5]);
  });

  it("is differentiable in both distributions' parameters", () => {
    // d/dμ KL(N(μ, 1) ‖ N(0, σ)) = μ/σ².
    expect(grad((m: Tensor) => D.klDivergence(new D.Normal(m, 1), new D.Normal(0, 2)))(f64(1.5)).item()).toBeCloseTo(1.5 / 4, 12);
  });

  it("a missing pair names both classes; registerKl adds one, most specific class first", () => {
    expect(() => D.klDivergence(new D.Normal(0, 1), new D.Cauchy(0, 1))).toThrow(/klDivergence: no KL rule for p = Normal and q = Cauchy/);
    class MyNormal extends D.Normal {}
    D.registerKl(D.Normal, D.Cauchy, () => f64(1));
    D.registerKl(MyNormal, D.Cauchy, () => f64(2));
    expect(D.klDivergence(new D.Normal(0, 1), new D.Cauchy(0, 1)).item()).toBe(1);
    expect(D.klDivergence(new MyNormal(0, 1), new D.Cauchy(0, 1)).item()).toBe(2);
    expect(D.klDivergence(new MyNormal(0, 1), new D.Normal(0, 1)).item()).toBeCloseTo(0, 14);
    expect(() => D.registerKl(Object as never, D.Normal, () => f64(0))).toThrow(/registerKl: P must be a Distribution class/);
  });
});
