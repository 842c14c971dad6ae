import { describe, expect, it } from "vitest";
import { distributions as D, tensor, type Tensor } from "../../src/index.js";

/** logProb against closed forms evaluated with python3's math module (values printed to 16 digits). */

const f64 = (x: number | number[] | number[][]): Tensor => tensor(x as number[], { dtype: "float64" });
const lp = (d: D.Distribution, v: number | Tensor): number => d.logProb(typeof v === "number" ? f64(v) : v).item();

describe("logProb against published values", () => {
  it.each([
    ["Normal(0, 1) at 0", () => new D.Normal(f64(0), f64(1)), 0, -0.9189385332046727],
    ["Normal(0, 1e-10) at 0 (tiny scale)", () => new D.Normal(f64(0), f64(1e-10)), 0, 22.106912396735783],
    ["Gamma(0.5, 2) at 0.3", () => new D.Gamma(f64(0.5), f64(2)), 0.3, -0.22380495048175975],
    ["StudentT(3) at 0.5", () => new D.StudentT(f64(3)), 0.5, -1.1609742649705823],
    ["Beta(0.5, 0.5) at 0.1", () => new D.Beta(f64(0.5), f64(0.5)), 0.1, 0.05924291847653507],
    ["Binomial(10, 0.3) at 2", () => new D.Binomial(f64(10), { probs: f64(0.3) }), 2, -1.4546826703914122],
    ["Poisson(1000) at 1000 (huge rate)", () => new D.Poisson(f64(1000)), 1000, -4.372899506026442],
    ["Poisson(3) at 2", () => new D.Poisson(f64(3)), 2, -1.4959226032237263],
    ["NegativeBinomial(3.5, 0.4) at 2", () => new D.NegativeBinomial(f64(3.5), { probs: f64(0.4) }), 2, -1.55677796221758],
    ["NegativeBinomial(2, p = 0) at 0", () => new D.NegativeBinomial(f64(2), { probs: f64(0) }), 0, 0],
    ["Cauchy(0, 2) at 1", () => new D.Cauchy(f64(0), f64(2)), 1, -2.061020617723555],
    ["Laplace(0.2, 0.5) at 1", () => new D.Laplace(f64(0.2), f64(0.5)), 1, -1.6],
    ["LogNormal(0.1, 0.7) at 2", () => new D.LogNormal(f64(0.1), f64(0.7)), 2, -1.6144144206485511],
    ["HalfNormal(2) at 1.5", () => new D.HalfNormal(f64(2)), 1.5, -1.2001885332046727],
    ["HalfCauchy(2) at 1", () => new D.HalfCauchy(f64(2)), 1, -1.3678734371636099],
    ["Geometric(0.2) at 3", () => new D.Geometric({ probs: f64(0.2) }), 3, -2.2788685663767296],
    ["Exponential(2) at 0.5", () => new D.Exponential(f64(2)), 0.5, Math.log(2) - 1],
    ["Uniform(0, 2) at 0.5", () => new D.Uniform(f64(0), f64(2)), 0.5, -Math.log(2)],
    ["Chi2(2) at 1 (= Exponential(1/2))", () => new D.Chi2(f64(2)), 1, Math.log(0.5) - 0.5],
    // scipy.stats.multivariate_normal with Σ = WWᵀ + diag(D); LKJ d = 2: (η − 1) ln(1 − r²) − ln(2^{2η−1} B(η, η))
    ["LowRankMultivariateNormal((0.5, −1), W = (1, 0.5)ᵀ, D = (0.4, 1.1)) at 0", () => new D.LowRankMultivariateNormal(f64([0.5, -1]), f64([[1], [0.5]]), f64([0.4, 1.1])), f64([0, 0]), -2.7673898214737402],
    ["LKJCholesky(2, 3) at r = 0.4", () => new D.LKJCholesky(2, f64(3)), f64([[1, 0], [0.4, Math.sqrt(0.84)]]), -0.4132452954271267],
  ] as const)("%s", (_, make, v, expected) => {
    expect(lp(make(), v)).toBeCloseTo(expected, 10);
  });

  it("Dirichlet(1, 2, 3) at (0.2, 0.3, 0.5)", () => {
    expect(lp(new D.Dirichlet(f64([1, 2, 3])), f64([0.2, 0.3, 0.5]))).toBeCloseTo(1.5040773967762748, 10);
  });

  it("Categorical and Bernoulli from probs and from logits agree", () => {
    const c1 = new D.Categorical({ probs: f64([0.2, 0.3, 0.5]) });
    const c2 = new D.Categorical({ logits: f64([Math.log(0.2), Math.log(0.3), Math.log(0.5)]).add(7) });
    const a1 = Array.from(c1.logProb(f64([0, 1, 2])).data());
    const a2 = Array.from(c2.logProb(f64([0, 1, 2])).data());
    a1.forEach((x, i) => expect(a2[i]).toBeCloseTo(x, 12));
    expect(c1.logProb(f64([2])).item()).toBeCloseTo(Math.log(0.5), 12);
    const b1 = new D.Bernoulli({ probs: f64(0.3) });
    const b2 = new D.Bernoulli({ logits: f64(Math.log(0.3 / 0.7)) });
    expect(lp(b1, 1)).toBeCloseTo(Math.log(0.3), 12);
    expect(lp(b2, 1)).toBeCloseTo(Math.log(0.3), 12);
    expect(lp(b2, 0)).toBeCloseTo(Math.log(0.7), 12);
  });

  it("Independent sums the reinterpreted axes; batched parameters broadcast", () => {
    const base = new D.Normal(f64([0, 1]), f64([1, 2]));
    const ind = new D.Independent(base, 1);
    expect(ind.eventShape).toEqual([2]);
    expect(ind.batchShape).toEqual([]);
    const x = f64([[0.5, -1], [2, 3]]);
    const per = base.logProb(x).data();
    expect(Array.from(ind.logProb(x).data())).toEqual([per[0]! + per[1]!, per[2]! + per[3]!]);
  });
});

describe("logProb at the edges: finite where the density is, −∞ outside the support, never NaN", () => {
  const finite = (x: number): boolean => Number.isFinite(x);
  it("probabilities at 0 and 1", () => {
    expect(lp(new D.Bernoulli({ probs: f64(0) }), 0)).toBeCloseTo(0, 15);
    expect(lp(new D.Bernoulli({ probs: f64(1) }), 1)).toBeCloseTo(0, 15);
    expect(lp(new D.Bernoulli({ probs: f64(0) }), 1)).toBe(-Infinity);
    expect(lp(new D.Bernoulli({ logits: f64(800) }), 1)).toBeCloseTo(0, 15);
    expect(lp(new D.Bernoulli({ logits: f64(800) }), 0)).toBe(-800);
    expect(lp(new D.Binomial(f64(5), { probs: f64(1) }), 5)).toBeCloseTo(0, 15);
    expect(lp(new D.Binomial(f64(5), { probs: f64(0) }), 0)).toBeCloseTo(0, 15);
    expect(lp(new D.Binomial(f64(5), { probs: f64(0) }), 1)).toBe(-Infinity);
    expect(lp(new D.Geometric({ probs: f64(1) }), 0)).toBeCloseTo(0, 15);
    expect(lp(new D.Poisson(f64(0)), 0)).toBeCloseTo(0, 15);
    expect(lp(new D.Poisson(f64(0)), 2)).toBe(-Infinity);
    const c = new D.Categorical({ probs: f64([0, 1]) });
    expect(c.logProb(f64(0)).item()).toBe(-Infinity);
    expect(c.logProb(f64(1)).item()).toBeCloseTo(0, 15);
    expect(c.entropy().item()).toBeCloseTo(0, 15);
    expect(new D.Bernoulli({ probs: f64(1) }).entropy().item()).toBeCloseTo(0, 15);
    expect(new D.Binomial(f64(5), { probs: f64(1) }).entropy().item()).toBe(0);
    expect(new D.Poisson(f64(0)).entropy().item()).toBe(0);
  });

  it("boundaries of continuous supports", () => {
    expect(lp(new D.Exponential(f64(1e6)), 0)).toBeCloseTo(Math.log(1e6), 10);
    expect(lp(new D.Gamma(f64(1), f64(2)), 0)).toBeCloseTo(Math.log(2), 12);
    expect(lp(new D.Gamma(f64(0.5), f64(1)), 0)).toBe(Infinity);
    expect(lp(new D.Beta(f64(1), f64(1)), 0)).toBeCloseTo(0, 15);
    expect(lp(new D.Beta(f64(1), f64(1)), 1)).toBeCloseTo(0, 15);
    expect(finite(lp(new D.Normal(f64(0), f64(1e-300)), 1e-300))).toBe(true);
    expect(lp(new D.LKJCholesky(3, f64(0.5)), f64([[1, 0, 0], [0, 1, 0], [0, 0, 1]]))).toBeCloseTo(-Math.log(4 * Math.PI), 12); // ln L_ii = 0: −ln c_3(½) = −ln 4π
    expect(finite(lp(new D.LowRankMultivariateNormal(f64([0, 0]), f64([[1], [1]]), f64([1e-12, 1e-12])), f64([1, 1])))).toBe(true);
  });

  it("values outside the support: an error under validation, −∞ without it", () => {
    const cases: [D.Distribution, D.Distribution, number][] = [
      [new D.Exponential(f64(1)), new D.Exponential(f64(1), { validateArgs: false }), -1],
      [new D.Gamma(f64(2), f64(1)), new D.Gamma(f64(2), f64(1), { validateArgs: false }), -0.5],
      [new D.Beta(f64(2), f64(2)), new D.Beta(f64(2), f64(2), { validateArgs: false }), 1.5],
      [new D.Uniform(f64(0), f64(1)), new D.Uniform(f64(0), f64(1), { validateArgs: false }), 2],
      [new D.Poisson(f64(2)), new D.Poisson(f64(2), { validateArgs: false }), 1.5],
      [new D.Bernoulli({ probs: f64(0.5) }), new D.Bernoulli({ probs: f64(0.5), validateArgs: false }), 2],
      [new D.Categorical({ probs: f64([0.5, 0.5]) }), new D.Categorical({ probs: f64([0.5, 0.5]), validateArgs: false }), 2],
      [new D.Geometric({ probs: f64(0.5) }), new D.Geometric({ probs: f64(0.5), validateArgs: false }), -1],
      [new D.LogNormal(f64(0), f64(1)), new D.LogNormal(f64(0), f64(1), { validateArgs: false }), -1],
      [new D.HalfNormal(f64(1)), new D.HalfNormal(f64(1), { validateArgs: false }), -1],
    ];
    for (const [strict, lax, v] of cases) {
      expect(() => strict.logProb(v), strict.name).toThrow(new RegExp(`${strict.name}\\.logProb: value must be in the support .*got ${v}`));
      expect(lax.logProb(v).item(), lax.name).toBe(-Infinity);
    }
    const dir = new D.Dirichlet(f64([1, 1]), { validateArgs: false });
    expect(dir.logProb(f64([0.5, 0.6])).item()).toBe(-Infinity);
    expect(() => new D.Dirichlet(f64([1, 1])).logProb(f64([[0.5, 0.5], [0.5, 0.6]]))).toThrow(/Dirichlet\.logProb: value must be in the support simplex, got \[0\.5, 0\.6\] at index \[1\]/);
  });
});
