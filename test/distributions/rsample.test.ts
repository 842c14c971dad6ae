import { describe, expect, it } from "vitest";
import { distributions as D, full, grad, jvp, random, square, sum, tensor, type Tensor } from "../../src/index.js";
import { gammaP, lgamma } from "../random/stats.js";

/**
 * Pathwise gradients of rsample against the exact gradient of an expectation. Each parameter is a
 * vector of N copies, so one `grad` of Σᵢ f(xᵢ) returns the N per-sample gradient estimates; their
 * mean must be within 5 Monte Carlo standard errors of the exact derivative.
 */

const N = 20000;
const key = random.key(11);
const copies = (v: number): Tensor => full([N], v, { dtype: "float64" });

function expectUnbiased(perSample: Tensor, exact: number, what: string): void {
  const g = Array.from(perSample.data() as Float64Array);
  const m = g.reduce((a, b) => a + b, 0) / N;
  const se = Math.sqrt(g.reduce((a, b) => a + (b - m) ** 2, 0) / (N - 1) / N);
  expect(Math.abs(m - exact), `${what}: estimate ${m}, exact ${exact}, se ${se}`).toBeLessThan(5 * se);
}

describe("rsample: pathwise gradients are unbiased", () => {
  it("Normal: ∇μ E[x²] = 2μ, ∇σ E[x²] = 2σ", () => {
    const [gm, gs] = grad((m: Tensor, s: Tensor) => sum(square(new D.Normal(m, s).rsample([], key))), { argnums: [0, 1] })(copies(0.7), copies(1.3));
    expectUnbiased(gm, 1.4, "∇μ");
    expectUnbiased(gs, 2.6, "∇σ");
  });

  it("Exponential, Laplace, LogNormal, Uniform, HalfNormal, Cauchy (median), Delta", () => {
    expectUnbiased(grad((r: Tensor) => sum(new D.Exponential(r).rsample([], key)))(copies(2)), -0.25, "Exponential ∇λ E[x]");
    expectUnbiased(grad((b: Tensor) => sum(square(new D.Laplace(0.5, b).rsample([], key))))(copies(0.8)), 3.2, "Laplace ∇b E[x²]");
    expectUnbiased(grad((s: Tensor) => sum(new D.LogNormal(0.2, s).rsample([], key)))(copies(0.5)), 0.5 * Math.exp(0.2 + 0.125), "LogNormal ∇σ E[x]");
    expectUnbiased(grad((h: Tensor) => sum(square(new D.Uniform(0, h).rsample([], key))))(copies(3)), 2, "Uniform ∇h E[x²] = 2h/3");
    expectUnbiased(grad((s: Tensor) => sum(square(new D.HalfNormal(s).rsample([], key))))(copies(1.5)), 3, "HalfNormal ∇σ E[x²]");
    expect(grad((v: Tensor) => sum(new D.Delta(v).rsample([], key)))(copies(2)).data()[0]).toBe(1);
  });

  it("Gamma (implicit in α, pathwise in β): ∇α E[x²] = (2α + 1)/β², ∇β E[x] = −α/β²", () => {
    for (const a of [0.3, 1, 4]) {
      const ga = grad((al: Tensor) => sum(square(new D.Gamma(al, 2).rsample([], key))))(copies(a));
      expectUnbiased(ga, (2 * a + 1) / 4, `Gamma(${a}, 2) ∇α E[x²]`);
    }
    expectUnbiased(grad((b: Tensor) => sum(new D.Gamma(3, b).rsample([], key)))(copies(2)), -0.75, "Gamma ∇β E[x]");
    expectUnbiased(grad((d: Tensor) => sum(new D.Chi2(d).rsample([], key)))(copies(3)), 1, "Chi2 ∇df E[x]");
  });

  it("Beta, Dirichlet, StudentT through the implicit gamma", () => {
    expectUnbiased(grad((a: Tensor) => sum(new D.Beta(a, 3).rsample([], key)))(copies(2)), 3 / 25, "Beta ∇a E[x] = b/(a+b)²");
    const alpha = tensor(Array.from({ length: N }, () => [2, 1, 3]), { dtype: "float64" });
    const g = grad((al: Tensor) => sum(new D.Dirichlet(al).rsample([], key).slice([0, 0], [N, 1])))(alpha);
    expectUnbiased(g.slice([0, 0], [N, 1]).reshape([N]), 4 / 36, "Dirichlet ∇α₀ E[x₀] = (Σ − α₀)/Σ²");
    expectUnbiased(grad((s: Tensor) => sum(square(new D.StudentT(6, 0, s).rsample([], key))))(copies(2)), 2 * 2 * 1.5, "StudentT ∇σ E[x²] = 2σν/(ν−2)");
    expectUnbiased(grad((nu: Tensor) => sum(square(new D.StudentT(nu).rsample([], key))))(copies(6)), -2 / 16, "StudentT ∇ν E[x²] = −2/(ν−2)²");
  });

  it("implicit reparameterisation equals −(∂F/∂α)/(∂F/∂x) of the gamma CDF, for shapes from 0.05 to 1000", () => {
    const shapes = [0.05, 0.3, 1, 2.5, 10, 100, 1000];
    const m = 40;
    const alpha = tensor(shapes.flatMap((a) => new Array<number>(m).fill(a)), { dtype: "float64" });
    const x = new D.Gamma(alpha, 1).rsample([], key).data();
    const dx = grad((a: Tensor) => sum(new D.Gamma(a, 1).rsample([], key)))(alpha).data();
    let worst = 0;
    for (let i = 0; i < alpha.size; i++) {
      const a = shapes[Math.floor(i / m)]!;
      const xi = x[i]!;
      if (xi < 1e-200) continue; // the density underflows: no finite-difference reference
      const h = 1e-4 * a;
      const dFda = (gammaP(a + h, xi) - gammaP(a - h, xi)) / (2 * h);
      const density = Math.exp((a - 1) * Math.log(xi) - xi - lgamma(a));
      const exact = -dFda / density;
      worst = Math.max(worst, Math.abs(dx[i]! - exact) / Math.max(Math.abs(exact), 1e-3));
    }
    expect(worst).toBeLessThan(5e-5); // the finite difference of the reference CDF limits this (measured 7e-6)
  });

  it("second derivatives through the implicit gamma: ∂²E[x²]/∂α² = 2 and ∂²E[x]/∂α² = 0 for Gamma(α, 1)", () => {
    for (const a of [0.7, 3]) {
      const second = (f: (x: Tensor) => Tensor): Tensor =>
        jvp(grad((al: Tensor) => sum(f(new D.Gamma(al, 1).rsample([], key)))) as (al: Tensor) => Tensor, [copies(a)], [copies(1)])[1];
      expectUnbiased(second(square), 2, `Gamma(${a}) ∂²E[x²]/∂α²`);
      expectUnbiased(second((x) => x), 0, `Gamma(${a}) ∂²E[x]/∂α²`);
    }
  });

  it("sample() carries no gradient; rsample on a discrete distribution names the estimators", () => {
    expect(grad((m: Tensor) => sum(new D.Normal(m, 1).sample([], key)))(copies(0)).data()[0]).toBe(0);
    expect(() => new D.Bernoulli({ probs: 0.3 }).rsample()).toThrow(/Bernoulli\.rsample: .*not reparameterisable.*"score".*"enumerate"/);
    expect(() => new D.Poisson(3).rsample()).toThrow(/Poisson\.rsample: .*"score"/);
    expect(new D.Poisson(3).hasRsample).toBe(false);
    expect(new D.Gamma(3, 1).hasRsample).toBe(true);
  });
});
