import { describe, expect, it } from "vitest";
import * as W from "../../../src/index.js";
import { ArgumentError, distributions as D, gather, infer, optim, tensor } from "../../../src/index.js";
import { svi } from "../../../src/infer/vi/svi.js";

const f64 = { dtype: "float64" } as const;
const pos = D.constraints.positive;
const x5 = tensor([2.1, 1.3, 2.9, 1.8, 2.4], f64);
// stochastic.md T-VI-1: prior N(0, 1), likelihood N(z, 1); posterior N(1.75, 1/6).
const nnModel = (x: unknown): void => {
  const z = infer.sample("z", new D.Normal(tensor(0, f64), 1));
  infer.plate("data", 5, () => infer.sample("x", new D.Normal(z, 1), { obs: x as never }));
};
const nnGuide = (): void => {
  infer.sample("z", new D.Normal(infer.param("loc", tensor(0, f64)), infer.param("scale", tensor(1, f64), { constraint: pos })));
};

/** Iterate average of the last `k` steps of a parameter (Polyak averaging makes the SGD iterate's noise small). */
function averaged(s: ReturnType<typeof svi>, steps: number, k: number, names: string[]): Record<string, number> {
  for (let i = 0; i < steps - k; i++) s.step();
  const acc: Record<string, number> = Object.fromEntries(names.map((n) => [n, 0]));
  for (let i = 0; i < k; i++) {
    s.step();
    for (const n of names) acc[n]! += s.param(n).item() / k;
  }
  return acc;
}

/** θ after one plain gradient-ascent step of size 1 from the init: θ₀ + (mean over `particles` draws of ∇ELBO). */
function oneStepGradient(model: Parameters<typeof svi>[0], guide: Parameters<typeof svi>[1], opts: Parameters<typeof svi>[3], names: string[], toU: (n: string, v: number) => number): number[] {
  const s = svi(model, guide, optim.functional.sgd({ lr: 1 }), opts);
  s.init();
  const before = names.map((n) => toU(n, s.param(n).item()));
  s.step();
  return names.map((n, i) => toU(n, s.param(n).item()) - before[i]!);
}
const uOf = (n: string, v: number): number => (n === "scale" ? Math.log(v) : v);

describe("infer.svi", () => {
  // T-VI-1 at (m, s) = (0, 1): ∇ELBO = (10.5, −5.0) (∂/∂log s = s·∂/∂s); per-draw variances 36 and 182.25 (pathwise).
  it("Trace ELBO: the pathwise gradient through a user guide is unbiased (|mean − exact| ≤ 5·MCSE)", () => {
    const n = 1000;
    const [gm, gs] = oneStepGradient(nnModel, nnGuide, { args: [x5], seed: 1, particles: n }, ["loc", "scale"], uOf);
    expect(Math.abs(gm! - 10.5)).toBeLessThanOrEqual(5 * Math.sqrt(36 / n));
    expect(Math.abs(gs! + 5)).toBeLessThanOrEqual(5 * Math.sqrt(182.25 / n));
  });

  // At (m, s) = (2, 2): ∇ELBO = (−m + Σ(x − m), s·(−6s + 1/s)) = (−1.5, −23); pathwise per-draw variances 36s² = 144 and
  // s²·Var((10.5 − 6m)ε − 6sε²)·… = 1161. Analytic KL (∂KL = (m, s² − 1) = (2, 3) here, exact) can only lower them.
  it("analytic KL and Trace ELBO: the same expected gradient away from the prior", () => {
    const guide22 = (): void => {
      infer.sample("z", new D.Normal(infer.param("loc", tensor(2, f64)), infer.param("scale", tensor(2, f64), { constraint: pos })));
    };
    const n = 1000;
    for (const loss of ["analyticKl", "trace"] as const) {
      const [gm, gs] = oneStepGradient(nnModel, guide22, { args: [x5], seed: 2, particles: n, loss }, ["loc", "scale"], uOf);
      expect(Math.abs(gm! + 1.5)).toBeLessThanOrEqual(5 * Math.sqrt(144 / n));
      expect(Math.abs(gs! + 23)).toBeLessThanOrEqual(5 * Math.sqrt(1161 / n));
    }
  });

  it("Adam on the Trace ELBO reaches the exact Normal–Normal posterior N(1.75, 1/6), and the ELBO is ≤ log p(x)", () => {
    const s = svi(nnModel, nnGuide, optim.functional.adam({ lr: 0.02 }), { args: [x5], seed: 0, particles: 2 });
    const p = averaged(s, 1000, 400, ["loc", "scale"]);
    // iterate average of 400 Adam steps; calibrated once at ≤ 0.02 (3× margin)
    expect(Math.abs(p.loc! - 1.75)).toBeLessThan(0.06);
    expect(Math.abs(p.scale! - Math.sqrt(1 / 6))).toBeLessThan(0.06);
    const e = s.evaluate(500);
    expect(e.elbo).toBeLessThanOrEqual(-8.058072400637 + 5 * e.se);
    expect(e.elbo).toBeGreaterThan(-8.058072400637 - 0.1);
  });

  // A discrete latent: z ~ Bernoulli(½), x | z ~ N(μ_z, 1) with μ = (−1, 2), x = 1: P(z = 1 | x) = 1/(1 + e^{−1.5}).
  const mu = tensor([-1, 2], f64);
  const discreteModel = (): void => {
    const z = infer.sample("z", new D.Bernoulli({ probs: tensor(0.5, f64) }));
    infer.sample("x", new D.Normal(gather(mu, W.cast(z, "int32")), 1), { obs: tensor(1, f64) });
  };
  const discreteGuide = (): void => {
    infer.sample("z", new D.Bernoulli({ probs: infer.param("p", tensor(0.5, f64), { constraint: D.constraints.unitInterval }) }));
  };
  const pExact = 1 / (1 + Math.exp(-1.5));

  it("score-function ELBO for a discrete latent: unbiased gradient (exact 0.375 on the logit scale at p = ½, per-draw variance 1.176)", () => {
    const n = 1000;
    for (const loss of ["trace", "traceGraph"] as const) {
      const [gu] = oneStepGradient(discreteModel, discreteGuide, { seed: 3, particles: n, loss, baselineDecay: 0 }, ["p"], (_, v) => Math.log(v / (1 - v)));
      expect(Math.abs(gu! - 0.375)).toBeLessThanOrEqual(5 * Math.sqrt(1.176 / n));
    }
  });

  it("TraceGraph ELBO with the decaying-average baseline converges to the exact posterior probability", () => {
    const s = svi(discreteModel, discreteGuide, optim.functional.adam({ lr: 0.05 }), { seed: 4, loss: "traceGraph", particles: 2 });
    const p = averaged(s, 800, 300, ["p"]);
    // calibrated once at ≤ 0.015 (3× margin)
    expect(Math.abs(p.p! - pExact)).toBeLessThan(0.05);
  });

  it("minibatches through plate(…, { subsampleSize }) give an unbiased ELBO gradient (full-data ∇ = (Σx, −N) at (0, 1))", () => {
    const data = tensor([0.3, 1.2, -0.4, 2.2, 1.9, 0.8, 1.1, -1.0, 0.5, 2.6], f64);
    const sub = (x: W.Tensor): void => {
      const z = infer.sample("z", new D.Normal(tensor(0, f64), 1));
      infer.plate("data", 10, (idx) => infer.sample("x", new D.Normal(z, 1), { obs: gather(x, idx) }), { subsampleSize: 3 });
    };
    const r = 12;
    const runs = Array.from({ length: r }, (_, i) => oneStepGradient(sub, nnGuide, { args: [data], seed: 100 + i, particles: 50 }, ["loc", "scale"], uOf));
    const exact = [(data.data() as Float64Array).reduce((a, b) => a + b, 0), -10];
    for (let k = 0; k < 2; k++) {
      const v = runs.map((g) => g[k]!);
      const m = v.reduce((a, b) => a + b, 0) / r;
      const se = Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (r - 1) / r);
      expect(Math.abs(m - exact[k]!)).toBeLessThanOrEqual(5 * se);
      expect(se).toBeGreaterThan(0);
    }
  });

  it("bad input: a guide missing a latent site, unknown options, a bad optimiser or loss", () => {
    const noZ = (): void => {
      infer.param("loc", tensor(0, f64));
    };
    const s = svi(nnModel, noZ, optim.functional.adam({ lr: 0.1 }), { args: [x5] });
    expect(() => s.step()).toThrow(ArgumentError);
    expect(() => s.step()).toThrow(/infer.svi: the model's latent site "z" has no sample site in the guide/);
    expect(() => svi(nnModel, nnGuide, optim.functional.adam({}), { particle: 2 } as never)).toThrow(/infer.svi: options.particle/);
    expect(() => svi(nnModel, nnGuide, optim.functional.adam({}), { loss: "elbo" as never })).toThrow(/options.loss.*"trace", "traceGraph" or "analyticKl"/);
    expect(() => svi(nnModel, nnGuide, {} as never)).toThrow(/infer.svi: optimizer/);
    expect(() => svi(nnModel, 3 as never, optim.functional.adam({}))).toThrow(/infer.svi: guide/);
    expect(() => s.param("nope")).toThrow(/infer.svi.param: name/);
    expect(() => infer.autoguides.normal(nnModel, { initScale: -1 })).toThrow(/infer.autoguides.normal: options.initScale/);
    expect(() => infer.autoguides.delta(nnModel).median({})).toThrow(/has not run yet/);
  });
});

const X = tensor([[1, 1], [1, 2], [1, 3], [1, 4], [1, 5]], f64);
const y = tensor([1.9, 4.1, 6.2, 7.8, 10.1], f64);
const regression = (): void => {
  const w = infer.sample("w", new D.Normal(tensor([0, 0], f64), 10));
  infer.sample("y", new D.Normal(W.matmul(X, w), 1), { obs: y });
};

const postMean = [-0.0039328, 2.00798022];
const postCov = [1.087152, -0.2964421, -0.2964421, 0.09901166];

describe("autoguides", () => {
  // The ELBO of a point-mass guide is deterministic (no Monte Carlo), so these fits converge to the optimiser's precision.
  it("laplace: the mode and covariance = inverse Hessian at the MAP (the exact posterior, for a Gaussian target)", () => {
    const guide = infer.autoguides.laplace(regression);
    const s = svi(regression, guide, optim.functional.adam({ lr: 0.1 }), { seed: 0 });
    s.run(1500);
    const g = guide.gaussian(s.params);
    postMean.forEach((m, i) => expect(g.mean[i]).toBeCloseTo(m, 5));
    postCov.forEach((c, i) => expect(g.covariance[i]).toBeCloseTo(c, 5));
    const draws = guide.sample(s.params, 4000, 1).w!.data() as Float64Array;
    const m1 = draws.filter((_, i) => i % 2 === 1).reduce((a, b) => a + b, 0) / 4000;
    expect(Math.abs(m1 - postMean[1]!)).toBeLessThanOrEqual(5 * Math.sqrt(postCov[3]! / 4000));
  });

  it("delta = MAP on the constrained scale (no Jacobian): a Gamma–Poisson rate's posterior mode (α − 1)/β", () => {
    const counts = tensor([3, 1, 4, 1, 5], f64);
    const gp = (): void => {
      const lam = infer.sample("lam", new D.Gamma(tensor(2, f64), tensor(1, f64)));
      infer.plate("n", 5, () => infer.sample("y", new D.Poisson(lam), { obs: counts }));
    };
    const guide = infer.autoguides.delta(gp);
    const s = svi(gp, guide, optim.functional.adam({ lr: 0.05 }), { seed: 0 });
    s.run(1500);
    // posterior Gamma(16, 6): mode 15/6 (the unconstrained mode with the log-Jacobian would be the mean 16/6)
    expect(guide.median(s.params).lam!.item()).toBeCloseTo(15 / 6, 4);
    expect(s.param("lam_auto_loc").item()).toBeCloseTo(15 / 6, 4);
    const q = guide.quantiles(s.params, [0.1, 0.9]).lam!;
    expect([...(q.data() as Float64Array)].map((v) => Number(v.toFixed(4)))).toEqual([2.5, 2.5]);
  });

  it("normal and multivariateNormal fit with infer.svi; median, quantiles and sample are on the constrained scale", () => {
    const pos = (): void => {
      const sigma = infer.sample("sigma", new D.HalfNormal(tensor(2, f64)));
      infer.plate("n", 5, () => infer.sample("y", new D.Normal(tensor(0, f64), sigma), { obs: x5 }));
    };
    for (const make of [infer.autoguides.normal, infer.autoguides.multivariateNormal]) {
      const guide = make(pos);
      const s = svi(pos, guide, optim.functional.adam({ lr: 0.05 }), { seed: 0 });
      const { losses } = s.run(300);
      expect(losses.length).toBe(300);
      const med = guide.median(s.params).sigma!;
      expect(med.shape).toEqual([]);
      expect(med.item()).toBeGreaterThan(1);
      const q = guide.quantiles(s.params, [0.05, 0.5, 0.95]).sigma!.data() as Float64Array;
      expect(q[0]!).toBeLessThan(q[1]!);
      expect(q[1]!).toBeCloseTo(med.item(), 10);
      expect(q[2]!).toBeGreaterThan(q[1]!);
      const d = guide.sample(s.params, 100, 3).sigma!;
      expect(d.shape).toEqual([100]);
      expect((d.data() as Float64Array).every((v) => v > 0)).toBe(true);
    }
  });
});
