import { describe, expect, it } from "vitest";
import { ArgumentError, distributions as D, infer, matmul, tensor } from "../../../src/index.js";
import { advi, type AdviOptions } from "../../../src/infer/vi/advi.js";
import type { AdviResult } from "../../../src/infer/vi/advi-result.js";
import { RelativeTolerance } from "../../../src/infer/vi/relative-tolerance.js";

const f64 = { dtype: "float64" } as const;

// stochastic.md T-VI-4: y = Xw + N(0, 1), w ~ N(0, 100 I); exact posterior and mean-field optimum.
const X = tensor([[1, 1], [1, 2], [1, 3], [1, 4], [1, 5]], f64);
const y = tensor([1.9, 4.1, 6.2, 7.8, 10.1], f64);
const regression = (): void => {
  const w = infer.sample("w", new D.Normal(tensor([0, 0], f64), 10));
  infer.sample("y", new D.Normal(matmul(X, w), 1), { obs: y });
};
const postMean = [-0.0039328, 2.00798022];
const postCov = [1.087152, -0.2964421, -0.2964421, 0.09901166];
// Mean-field optimum: exact means, variances 1/Λ_ii (Λ = posterior precision = XᵀX + I/100).
const precision = [5 + 0.01, 15, 15, 55 + 0.01];
const mfVar = [1 / precision[0]!, 1 / precision[3]!];

/**
 * R independent fits (seeds 0..R−1): each quantity's mean over the fits and its standard error
 * (sd across fits / √R). The SGA iterate is a random variable; the tolerance is 5 standard errors.
 */
function replicate(fit: (seed: number) => number[], r = 4): { mean: number[]; se: number[] } {
  const runs = Array.from({ length: r }, (_, s) => fit(s));
  const k = runs[0]!.length;
  const mean = Array.from({ length: k }, (_, i) => runs.reduce((a, v) => a + v[i]!, 0) / r);
  const se = mean.map((m, i) => Math.sqrt(runs.reduce((a, v) => a + (v[i]! - m) ** 2, 0) / (r - 1) / r));
  return { mean, se };
}

function expectWithin(got: { mean: number[]; se: number[] }, exact: number[], floor: number): void {
  exact.forEach((e, i) => {
    const tol = 5 * Math.max(got.se[i]!, floor);
    expect(Math.abs(got.mean[i]! - e), `entry ${i}: ${got.mean[i]} vs ${e} (se ${got.se[i]})`).toBeLessThanOrEqual(tol);
  });
}

const long: AdviOptions = { gradSamples: 20, iterations: 1000, tolRelObj: 1e-12, eta: 1 };

describe("infer.advi (Stan's ADVI)", () => {
  it("full-rank recovers the exact posterior mean and covariance of Bayesian linear regression", () => {
    const got = replicate((seed) => {
      const fit = advi(regression, { ...long, family: "fullRank", seed });
      return [...fit.mean, ...fit.covariance];
    });
    expectWithin(got, [...postMean, ...postCov], 1e-4);
    // the fits are informative: the standard errors are small next to the posterior's scale
    expect(got.se[0]!).toBeLessThan(0.05);
    expect(got.se[2]!).toBeLessThan(0.05);
  });

  it("mean-field reaches exact means and variances 1/Λ_ii (underdispersed), not the marginal variances", () => {
    const got = replicate((seed) => {
      const fit = advi(regression, { ...long, family: "meanField", seed });
      const s = fit.scale;
      return [...fit.mean, s[0]! ** 2, s[1]! ** 2];
    });
    expectWithin(got, [...postMean, ...mfVar], 1e-4);
    expect(got.mean[2]!).toBeLessThan(postCov[0]! / 2);
  });

  it("conjugate Normal–Normal: both families reach N(1.75, 1/6) (stochastic.md T-VI-1)", () => {
    const x = tensor([2.1, 1.3, 2.9, 1.8, 2.4], f64);
    const model = (): void => {
      const z = infer.sample("z", new D.Normal(tensor(0, f64), 1));
      infer.sample("x", new D.Normal(z, 1), { obs: x });
    };
    for (const family of ["meanField", "fullRank"] as const) {
      const got = replicate((seed) => {
        const fit = advi(model, { ...long, family, seed });
        return [fit.mean[0]!, fit.covariance[0]!];
      });
      expectWithin(got, [1.75, 1 / 6], 1e-4);
    }
  });

  it("the default run: Stan's step-size search picks an η of its sequence and the relative tolerance stops the run", () => {
    const fit = advi(regression, { family: "fullRank", seed: 3 });
    expect([100, 10, 1, 0.1, 0.01]).toContain(fit.eta);
    expect(fit.converged).not.toBeNull();
    expect(fit.iterations % 100).toBe(0);
    expect(fit.iterations).toBeLessThan(10000);
    expect(fit.history.length).toBe(fit.iterations / 100);
    expect(fit.history[0]!.relativeChange).toBe(1);
    // the ELBO never exceeds log p(y) by more than its Monte Carlo error (100 draws)
    for (const h of fit.history.slice(-3)) expect(h.elbo).toBeLessThan(-11.2355200262 + 0.5);
    expect(Math.abs(fit.mean[1]! - postMean[1]!)).toBeLessThan(5 * Math.sqrt(postCov[3]!));
  });

  it("Beta–Bernoulli through a constrained Beta latent: draws lie in (0, 1), mean near 2/3, ELBO ≤ log Z (T-VI-3)", () => {
    const data = tensor([1, 1, 0, 1, 1, 1, 0, 1, 0, 1], f64);
    const model = (): void => {
      const p = infer.sample("p", new D.Beta(tensor(1, f64), tensor(1, f64)));
      infer.plate("n", 10, () => infer.sample("x", new D.Bernoulli({ probs: p }), { obs: data }));
    };
    const fit = advi(model, { gradSamples: 2, iterations: 1500, tolRelObj: 1e-12, eta: 1, seed: 1 });
    const draws = fit.sample(4000).p!;
    expect(draws.shape).toEqual([4000]);
    const v = draws.data() as Float64Array;
    expect(v.every((p) => p > 0 && p < 1)).toBe(true);
    const m = v.reduce((a, b) => a + b, 0) / v.length;
    // logit-normal is not Beta(8, 4): its mean differs from 2/3 by the family's error, calibrated < 0.01
    expect(Math.abs(m - 2 / 3)).toBeLessThan(0.02);
    const logZ = -7.18538701558;
    const elbos = fit.history.slice(-5).map((h) => h.elbo);
    // each is a 100-draw mean whose sd is below 0.1 near the optimum
    for (const e of elbos) expect(e).toBeLessThan(logZ + 0.5);
  });

  it("sample(n) returns latent and deterministic sites, [n, ...shape], reproducible with a seed; summary() has a row per element", () => {
    const model = (): void => {
      const w = infer.sample("w", new D.Normal(tensor([0, 0], f64), 10));
      infer.deterministic("slope2", matmul(tensor([[0, 2]], f64), w));
      infer.sample("y", new D.Normal(matmul(X, w), 1), { obs: y });
    };
    const fit = advi(model, { family: "fullRank", seed: 0, iterations: 500, eta: 0.1 });
    const s = fit.sample(50, 7);
    expect(s.w!.shape).toEqual([50, 2]);
    expect(s.slope2!.shape).toEqual([50, 1]);
    const w = s.w!.data() as Float64Array;
    const d = s.slope2!.data() as Float64Array;
    for (let i = 0; i < 50; i++) expect(d[i]).toBeCloseTo(2 * w[2 * i + 1]!, 12);
    expect([...(fit.sample(50, 7).w!.data() as Float64Array)]).toEqual([...w]);
    expect(fit.sampleUnconstrained(10).shape).toEqual([10, 2]);
    const rows = fit.summary({ samples: 200 }).rows.map((r) => r.name);
    expect(rows).toEqual(["w[0]", "w[1]", "slope2[0]"]);
    expect(JSON.parse(JSON.stringify(fit)).family).toBe("fullRank");
  });

  it("progress is called at every ELBO evaluation; the draws feed infer.predictive", () => {
    const seen: number[] = [];
    const fit = advi(regression, { seed: 0, iterations: 300, evalElbo: 50, eta: 0.1, tolRelObj: 1e-12, progress: (it, elbo, rel) => {
      expect(Number.isFinite(elbo) && rel >= 0).toBe(true);
      seen.push(it);
    } });
    expect(seen).toEqual([50, 100, 150, 200, 250, 300]);
    expect(fit.converged).toBeNull();
    const ppc = infer.predictive(regression, { posterior: fit.sample(20, 1), key: 0 });
    expect(ppc.y!.shape).toEqual([20, 5]);
    expect(() => fit.sample(0)).toThrow(/AdviResult.sample: n/);
  });

  it("takes a LogDensity as the model", () => {
    const ld = infer.logDensity(regression);
    const fit: AdviResult = advi(ld, { family: "meanField", seed: 0, iterations: 300, eta: 0.1 });
    expect(fit.names).toEqual(["w"]);
    expect(() => advi(ld, { args: [] })).toThrow(/options.args is for a model function/);
  });

  it("bad input is an ArgumentError naming the option", () => {
    expect(() => advi(regression, { famly: "meanField" } as AdviOptions)).toThrow(ArgumentError);
    expect(() => advi(regression, { famly: "meanField" } as AdviOptions)).toThrow(/infer.advi: options.famly/);
    expect(() => advi(regression, { family: "diag" as "meanField" })).toThrow(/options.family.*"meanField" or "fullRank"/);
    expect(() => advi(regression, { eta: -1 })).toThrow(/options.eta/);
    expect(() => advi(regression, { iterations: 0 })).toThrow(/options.iterations/);
    expect(() => advi(regression, { init: new Float64Array(3) })).toThrow(/options.init.*length 2/);
    expect(() => advi(42 as unknown as () => void)).toThrow(/infer.advi: model/);
  });
});

describe("Stan's relative-tolerance convergence check", () => {
  it("buffers |Δ/ELBO| over max(0.1·iterations/evalElbo, 2) evaluations and stops on the mean or the (upper) median", () => {
    const t = new RelativeTolerance(10000, 100, 0.01); // buffer of 10
    expect(t.push(-100)).toBe(1); // from 0, as Stan
    expect(t.push(-50)).toBeCloseTo(1, 15); // |(−100 + 50)/−50|
    expect(t.converged()).toBeNull();
    for (let i = 0; i < 5; i++) t.push(-50);
    expect(t.median()).toBe(0);
    expect(t.converged()).toBe("median"); // mean (2/7) is still large
    const small = new RelativeTolerance(100, 100, 0.5); // buffer of 2
    small.push(-10);
    small.push(-10);
    small.push(-10);
    expect(small.mean()).toBe(0); // the first change (1) has left the circular buffer
    expect(small.converged()).toBe("mean");
  });
});
