// cdf for Gamma, Chi2, Beta and StudentT (through gammainc/betainc) and entropy for Poisson and
// Binomial: values against mpmath/scipy (pasted below: mpmath.gammainc/betainc regularised at 40
// digits, scipy.stats.t.cdf checked against an mpmath quadrature, Poisson entropy as the mpmath sum
// over k < λ + 40√λ + 200, scipy.stats.binom.entropy), and derivatives in the value and in every
// parameter against the density and central finite differences, in float64.
import { describe, expect, it } from "vitest";
import { distributions as D, exp, grad, random, tensor, type Tensor } from "../../src/index.js";
import { ksCritical, ksStatistic } from "../random/stats.js";

const f64 = (x: number | number[] | number[][]): Tensor => tensor(x as number[], { dtype: "float64" });

const GAMMA_CDF = [[0.5, 2.0, 0.1, 0.4729107431344619], [2.0, 1.0, 3.0, 0.8008517265285442], [5.0, 0.5, 4.0, 0.05265301734371116], [0.3, 3.0, 2.0, 0.9997856288292811], [40.0, 2.0, 25.0, 0.935429631078867]];
const CHI2_CDF = [[1.0, 0.5, 0.5204998778130465], [3.0, 3.0, 0.608374823728911], [10.0, 25.0, 0.9946544945128659]];
const BETA_CDF = [[0.5, 0.5, 0.1, 0.20483276469913345], [2.0, 3.0, 0.4, 0.5248], [10.0, 2.0, 0.95, 0.8981054088575682], [0.2, 8.0, 0.01, 0.6431119200698496]];
const STUDENT_T_CDF = [[3.0, 0.0, 1.0, 0.0, 0.5], [3.0, 0.0, 1.0, 0.5, 0.6742760175759245], [3.0, 1.0, 2.0, -3.0, 0.06966298427942152], [0.5, 0.0, 1.0, 2.0, 0.7772425549084343], [30.0, 0.0, 1.0, -8.0, 3.1329112378503795e-09], [1.0, 0.0, 1.0, 10000.0, 0.9999681690114878], [5.0, -2.0, 0.5, 1e-09, 0.9948382922698318], [2.0, 0.0, 1.0, -1000000.0, 4.999999999992501e-13]];
const POISSON_ENTROPY = [[0.0, 0.0], [0.01, 0.05608631134259101], [1.0, 1.3048422422562516], [7.5, 2.414335980371921], [49.99, 3.373165910831136], [50.01, 3.3733665913717266], [123.0, 3.824350421157219], [10000.0, 6.024100385442711]];
const BINOMIAL_ENTROPY = [[10, 0.3, 1.7790787840900626], [1, 0.5, 0.6931471805599452], [25, 0.01, 0.6167017128775784], [0, 0.4, 0.0], [7, 0.0, 0.0], [7, 1.0, 0.0]];

const rel = (u: number, v: number): number => (u === v ? 0 : Math.abs(u - v) / Math.abs(v));

/** Central difference of a scalar function of one number. */
function fd(f: (t: number) => number, t: number, h = 1e-5 * Math.max(1, Math.abs(t))): number {
  return (f(t + h) - f(t - h)) / (2 * h);
}

/** d/dθ of θ ↦ g(θ).item() by grad, next to its central difference. */
function gradAndFd(g: (t: Tensor) => Tensor, t: number): [number, number] {
  return [grad((s: Tensor) => g(s))(f64(t)).item(), fd((s) => g(f64(s)).item(), t)];
}

describe("cdf", () => {
  it.each(GAMMA_CDF)("Gamma(%f, %f).cdf(%f) = %f", (a, b, x, want) => {
    expect(rel(new D.Gamma(f64(a), f64(b)).cdf(f64(x)).item(), want)).toBeLessThan(1e-13);
  });
  it.each(CHI2_CDF)("Chi2(%f).cdf(%f) = %f", (d, x, want) => {
    expect(rel(new D.Chi2(f64(d)).cdf(f64(x)).item(), want)).toBeLessThan(1e-13);
  });
  it.each(BETA_CDF)("Beta(%f, %f).cdf(%f) = %f", (a, b, x, want) => {
    expect(rel(new D.Beta(f64(a), f64(b)).cdf(f64(x)).item(), want)).toBeLessThan(1e-12);
  });
  it.each(STUDENT_T_CDF)("StudentT(%f, %f, %f).cdf(%f) = %f", (nu, loc, scale, x, want) => {
    expect(rel(new D.StudentT(f64(nu), f64(loc), f64(scale)).cdf(f64(x)).item(), want)).toBeLessThan(1e-12);
  });

  const cases: [string, (p: Tensor[]) => D.Distribution, number[], number[]][] = [
    ["Gamma", ([a, b]) => new D.Gamma(a!, b!), [2.5, 1.5], [0.3, 1.7, 4]],
    ["Gamma (α < 1)", ([a, b]) => new D.Gamma(a!, b!), [0.4, 2], [0.05, 0.8]],
    ["Chi2", ([d]) => new D.Chi2(d!), [3], [0.5, 2, 7]],
    ["Beta", ([a, b]) => new D.Beta(a!, b!), [2, 3.5], [0.1, 0.45, 0.9]],
    ["Beta (small)", ([a, b]) => new D.Beta(a!, b!), [0.4, 0.7], [0.02, 0.5, 0.97]],
    ["StudentT", ([n, l, s]) => new D.StudentT(n!, l!, s!), [4, 0.5, 1.5], [-6, -0.2, 0.5, 1.1, 9]],
    ["StudentT (ν < 1)", ([n, l, s]) => new D.StudentT(n!, l!, s!), [0.7, 0, 1], [-30, -0.3, 0.4, 2]],
  ];

  it.each(cases)("%s: d cdf/dx is the density, to second order", (_n, make, params, xs) => {
    const d = make(params.map((p) => f64(p)));
    for (const x of xs) {
      const dx = grad((t: Tensor) => d.cdf(t))(f64(x)).item();
      expect(rel(dx, exp(d.logProb(f64(x))).item()), `x = ${x}`).toBeLessThan(1e-11);
      const d2 = grad((t: Tensor) => grad((s: Tensor) => d.cdf(s))(t))(f64(x)).item();
      const want = grad((t: Tensor) => exp(d.logProb(t)))(f64(x)).item();
      expect(Math.abs(d2 - want), `x = ${x}`).toBeLessThan(1e-10 * Math.max(1, Math.abs(want)));
    }
  });

  it.each(cases)("%s: d cdf/dθ for every parameter θ (and d²/dθ²) against central differences", (_n, make, params, xs) => {
    params.forEach((p, i) => {
      const at = (t: Tensor, x: number): Tensor => make(params.map((q, j) => (j === i ? t : f64(q)))).cdf(f64(x));
      for (const x of xs) {
        const [g, n] = gradAndFd((t) => at(t, x), p);
        expect(Math.abs(g - n), `parameter ${i}, x = ${x}: ${g} vs ${n}`).toBeLessThan(1e-7 * Math.max(1, Math.abs(n)));
        const [h, hn] = gradAndFd((t) => grad((s: Tensor) => at(s, x))(t), p);
        expect(Math.abs(h - hn), `second derivative in parameter ${i}, x = ${x}: ${h} vs ${hn}`).toBeLessThan(1e-6 * Math.max(1, Math.abs(hn)));
      }
    });
  });

  it("StudentT at z = 0: F = ½, dF/dx = f(loc), d²F/dx² = 0, dF/dν = 0 (no NaN from 0·∞)", () => {
    const t = new D.StudentT(f64(3), f64(1), f64(2));
    expect(t.cdf(f64(1)).item()).toBe(0.5);
    expect(rel(grad((x: Tensor) => t.cdf(x))(f64(1)).item(), exp(t.logProb(f64(1))).item())).toBeLessThan(1e-14);
    expect(grad((x: Tensor) => grad((s: Tensor) => t.cdf(s))(x))(f64(1)).item()).toBe(0);
    expect(grad((nu: Tensor) => new D.StudentT(nu, f64(1), f64(2)).cdf(f64(1)))(f64(3)).item()).toBe(0);
  });

  it("outside the support: 0 below, 1 above (validateArgs: false); the support check raises otherwise", () => {
    expect(Array.from(new D.Gamma(f64(2), f64(1), { validateArgs: false }).cdf(f64([-1, 0])).data())).toEqual([0, 0]);
    expect(Array.from(new D.Beta(f64(2), f64(2), { validateArgs: false }).cdf(f64([-0.5, 1.5])).data())).toEqual([0, 1]);
    expect(() => new D.Gamma(2, 1).cdf(-1)).toThrow(/Gamma\.cdf: value must be in the support/);
  });

  it("batched: the value broadcasts with the batch shape", () => {
    const g = new D.Gamma(f64([1, 2]), f64([1, 1]));
    const c = g.cdf(f64([[1], [3]]));
    expect(c.shape).toEqual([2, 2]);
    expect(rel(c.data()[3]!, 0.8008517265285442)).toBeLessThan(1e-13);
  });
});

describe("cdf with the samplers", () => {
  it("implicit reparameterisation: Gamma's rsample gradient in α is −(∂F/∂α)/f at every sample (Figurnov et al. 2018)", () => {
    for (const alpha of [0.3, 1.7, 8]) {
      const xs = new D.Gamma(f64(alpha), f64(1.5)).rsample([6], random.key(alpha * 10)).data();
      const g = grad((a: Tensor) => new D.Gamma(a, f64(1.5)).rsample([6], random.key(alpha * 10)).sum())(f64(alpha)).item();
      let want = 0;
      for (const x of xs) {
        const dF = grad((a: Tensor) => new D.Gamma(a, f64(1.5)).cdf(f64(x)))(f64(alpha)).item();
        want += -dF / exp(new D.Gamma(f64(alpha), f64(1.5)).logProb(f64(x))).item();
      }
      expect(rel(g, want), `α = ${alpha}`).toBeLessThan(1e-10);
    }
  });

  it.each([
    ["Gamma(0.5, 2)", () => new D.Gamma(f64(0.5), f64(2))],
    ["Chi2(7)", () => new D.Chi2(f64(7))],
    ["Beta(0.3, 2)", () => new D.Beta(f64(0.3), f64(2))],
    ["StudentT(2.5, 1, 2)", () => new D.StudentT(f64(2.5), f64(1), f64(2))],
  ] as const)("%s: samples fit the cdf (Kolmogorov–Smirnov, n = 4000)", (_n, make) => {
    const d = make();
    const n = 4000;
    const xs = d.sample([n], random.key(9)).data();
    const F = d.cdf(d.sample([n], random.key(9))).data();
    const byIndex = new Map<number, number>();
    xs.forEach((x, i) => byIndex.set(x as number, F[i] as number));
    expect(ksStatistic(Array.from(xs as ArrayLike<number>), (x) => byIndex.get(x)!)).toBeLessThan(ksCritical(n));
  });
});

describe("entropy", () => {
  it.each(POISSON_ENTROPY)("Poisson(%f).entropy() = %f", (lam, want) => {
    const h = new D.Poisson(f64(lam)).entropy().item();
    if (want === 0) expect(h).toBe(0);
    else expect(rel(h, want)).toBeLessThan(1e-13);
  });

  it("Poisson: dH/dλ and d²H/dλ² against central differences on both sides of the switch at λ = 50", () => {
    const H = (t: Tensor): Tensor => new D.Poisson(t).entropy();
    for (const lam of [0.3, 4, 49, 51, 300]) {
      const [g, n] = gradAndFd(H, lam);
      expect(Math.abs(g - n), `λ = ${lam}`).toBeLessThan(1e-8 * Math.max(1, Math.abs(n)));
      const [h, hn] = gradAndFd((t) => grad(H)(t), lam);
      expect(Math.abs(h - hn), `λ = ${lam}`).toBeLessThan(1e-7 * Math.max(1, Math.abs(hn)));
    }
    // dH/dλ = ln λ · P(X ≥ 1)... at least: positive and continuous across the switch
    const g49 = grad(H)(f64(49.999)).item();
    const g50 = grad(H)(f64(50.001)).item();
    expect(rel(g49, g50)).toBeLessThan(1e-4);
  });

  it.each(BINOMIAL_ENTROPY)("Binomial(%i, %f).entropy() = %f", (n, p, want) => {
    const h = new D.Binomial(f64(n), { probs: f64(p) }).entropy().item();
    if (want === 0) expect(h).toBe(0);
    else expect(rel(h, want)).toBeLessThan(1e-13);
  });

  it("Binomial: unequal counts in one batch, and dH/dp, d²H/dp² against central differences", () => {
    const b = new D.Binomial(f64([10, 1, 25]), { probs: f64([0.3, 0.5, 0.01]) });
    const h = b.entropy().toArray() as number[];
    [1.7790787840900626, 0.6931471805599452, 0.6167017128775784].forEach((w, i) => expect(rel(h[i]!, w)).toBeLessThan(1e-13));
    const H = (p: Tensor): Tensor => new D.Binomial(f64(12), { probs: p }).entropy();
    for (const p of [0.05, 0.5, 0.8]) {
      const [g, n] = gradAndFd(H, p);
      expect(Math.abs(g - n)).toBeLessThan(1e-7 * Math.max(1, Math.abs(n)));
      const [g2, n2] = gradAndFd((t) => grad(H)(t), p);
      expect(Math.abs(g2 - n2)).toBeLessThan(1e-6 * Math.max(1, Math.abs(n2)));
    }
    // logits parameterisation: same entropy
    expect(rel(new D.Binomial(f64(12), { logits: f64(0) }).entropy().item(), H(f64(0.5)).item())).toBeLessThan(1e-14);
  });
});
