import { describe, expect, it } from "vitest";
import { distributions as D, infer, matmul, tensor, type Tensor } from "../../src/index.js";
import type { Posterior, Potential } from "../../src/infer/index.js";

/**
 * Conjugate models with closed-form posteriors, written as model functions, against infer.nuts and
 * infer.hmc: every posterior mean within 5 MCSE (the Summary's `mcse`, Vehtari et al. 2021's
 * mcse_mean) of the exact mean, and every posterior variance within 5 MCSE of the exact variance,
 * the MCSE being that of the mean of (x − exact mean)² (its own mcseMean). Seeded, 2 chains.
 * A Jacobian-free copy of the Gamma–Poisson density shows the check rejects a wrong sampler target.
 * infer.advi on the Gaussian posteriors (unconstrained latents): full-rank exact, mean-field exact means
 * and variances 1/Λ_ii. (Beta–Bernoulli and Gamma–Poisson posteriors are not Gaussian on the
 * unconstrained scale, so no ADVI family is exact there and they have no closed-form target.)
 */

const f64 = { dtype: "float64" } as const;
const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

/** An exact posterior: the means and variances of its scalar elements, in the Summary's row order. */
interface Exact {
  readonly mean: readonly number[];
  readonly variance: readonly number[];
}

/** The rows of one site (all of its elements), in row-major order. */
function rows(post: Posterior, site: string): { mean: number; mcse: number; name: string }[] {
  return post.summary({ sites: [site] }).rows.map((r) => ({ mean: r.mean, mcse: r.mcse, name: r.name }));
}

/**
 * For every element j of `site`: |mean − exact| / MCSE and |E[(x − m_j)²] − v_j| / MCSE of that
 * mean, as "z-scores"; the test asserts they are ≤ 5.
 */
function zScores(post: Posterior, site: string, exact: Exact): { mean: number[]; variance: number[] } {
  const r = rows(post, site);
  const k = exact.mean.length;
  expect(r.length).toBe(k);
  const chains = post.siteDraws()[site]!.chains;
  const mean: number[] = [];
  const variance: number[] = [];
  for (let j = 0; j < k; j++) {
    mean.push(Math.abs(r[j]!.mean - exact.mean[j]!) / r[j]!.mcse);
    const sq = chains.map((c) => {
      const n = c.length / k;
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = (c[i * k + j]! - exact.mean[j]!) ** 2;
      return out;
    });
    const pooled = sq.reduce((a, c) => a + sum(Array.from(c)), 0) / sq.reduce((a, c) => a + c.length, 0);
    variance.push(Math.abs(pooled - exact.variance[j]!) / infer.diagnostics.mcseMean(sq));
  }
  return { mean, variance };
}

function expectExact(post: Posterior, site: string, exact: Exact): void {
  const z = zScores(post, site, exact);
  z.mean.forEach((s, j) => expect(s, `${site}[${j}] mean: ${s.toFixed(2)} MCSE off`).toBeLessThanOrEqual(5));
  z.variance.forEach((s, j) => expect(s, `${site}[${j}] variance: ${s.toFixed(2)} MCSE off`).toBeLessThanOrEqual(5));
  expect(post.divergences).toBe(0);
}

const small = { chains: 2, warmup: 300, samples: 600 } as const;

/** Runs NUTS and HMC with the same options. */
function both(model: (...a: never[]) => unknown, args: unknown[], seed: number): [string, Posterior][] {
  return [
    ["nuts", infer.nuts(model, { ...small, args, seed })],
    ["hmc", infer.hmc(model, { ...small, args, seed: seed + 1 })],
  ];
}

// Normal–Normal, known variance: μ ∼ N(m0, s0²), y_i ∼ N(μ, σ²) → N(m_n, s_n²) with
// 1/s_n² = 1/s0² + n/σ², m_n = s_n² (m0/s0² + Σy/σ²).
const nnData = [4.2, 5.1, 3.3, 6.0, 4.8, 5.5];
const nnModel = (y: Tensor): void => {
  const mu = infer.sample("mu", new D.Normal(tensor(1, f64), 3));
  infer.sample("y", new D.Normal(mu, 2), { obs: y });
};
const nnVar = 1 / (1 / 9 + nnData.length / 4);
const nnExact: Exact = { mean: [nnVar * (1 / 9 + sum(nnData) / 4)], variance: [nnVar] };

// Beta–Bernoulli: p ∼ Beta(2, 3), k successes in n → Beta(2 + k, 3 + n − k).
const bbData = [1, 0, 1, 1, 1, 0, 1, 0, 1, 1, 1, 1];
const bbModel = (y: Tensor): void => {
  const p = infer.sample("p", new D.Beta(tensor(2, f64), 3));
  infer.sample("y", new D.Bernoulli({ probs: p }), { obs: y });
};
const bbA = 2 + sum(bbData);
const bbB = 3 + bbData.length - sum(bbData);
const bbExact: Exact = { mean: [bbA / (bbA + bbB)], variance: [(bbA * bbB) / ((bbA + bbB) ** 2 * (bbA + bbB + 1))] };

// Gamma–Poisson: λ ∼ Gamma(α = 3, β = 0.5) (rate), y_i ∼ Poisson(λ) → Gamma(α + Σy, β + n):
// mean (α + Σy)/(β + n), variance (α + Σy)/(β + n)².
const gpData = [3, 5, 2, 4, 6, 3, 4];
const gpModel = (y: Tensor): void => {
  const rate = infer.sample("rate", new D.Gamma(tensor(3, f64), 0.5));
  infer.sample("y", new D.Poisson(rate), { obs: y });
};
const gpA = 3 + sum(gpData);
const gpB = 0.5 + gpData.length;
const gpExact: Exact = { mean: [gpA / gpB], variance: [gpA / gpB ** 2] };

// Bayesian linear regression, known noise: w ∼ N(0, τ² I), y ∼ N(Xw, σ² I) → N(Λ⁻¹ Xᵀy/σ², Λ⁻¹) with
// Λ = XᵀX/σ² + I/τ² (3 coefficients, solved here by hand below).
const X = [[1, -1.2, 0.3], [1, -0.4, 1.1], [1, 0.1, -0.7], [1, 0.8, 0.2], [1, 1.5, -1.3], [1, 2.1, 0.9], [1, -2.0, 0.5], [1, 0.6, 1.8]];
const yReg = [0.9, 2.3, 0.4, 2.1, 1.6, 4.2, -0.8, 3.4];
const sigma = 0.5;
const tau = 2;
const regModel = (x: Tensor, y: Tensor): void => {
  const w = infer.sample("w", new D.Normal(tensor([0, 0, 0], f64), tau));
  infer.sample("y", new D.Normal(matmul(x, w), sigma), { obs: y });
};

/** Solves the 3×3 (or any small) SPD system by Gauss–Jordan: returns A⁻¹. */
function inverse(a: number[][]): number[][] {
  const n = a.length;
  const m = a.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    const p = m[c]![c]!;
    for (let j = 0; j < 2 * n; j++) m[c]![j]! /= p;
    for (let r = 0; r < n; r++) if (r !== c) {
      const f = m[r]![c]!;
      for (let j = 0; j < 2 * n; j++) m[r]![j]! -= f * m[c]![j]!;
    }
  }
  return m.map((row) => row.slice(n));
}

function regressionExact(): Exact {
  const p = 3;
  const lambda = Array.from({ length: p }, (_, i) => Array.from({ length: p }, (_, j) => sum(X.map((r) => r[i]! * r[j]!)) / sigma ** 2 + (i === j ? 1 / tau ** 2 : 0)));
  const cov = inverse(lambda);
  const xty = Array.from({ length: p }, (_, i) => sum(X.map((r, k) => r[i]! * yReg[k]!)) / sigma ** 2);
  return { mean: cov.map((row) => sum(row.map((c, j) => c * xty[j]!))), variance: cov.map((row, i) => row[i]!) };
}

// A strongly correlated multivariate normal target: x ∼ N(μ, Σ) in 4 dims with Σ_ij = s_i s_j ρ^{[i≠j]},
// ρ = 0.95 (the posterior is the prior; a hard, ill-conditioned geometry for a diagonal metric).
const mvnMean = [1, -2, 0.5, 3];
const mvnSd = [1, 2, 0.5, 1.5];
const rho = 0.95;
const mvnCov = mvnSd.map((si, i) => mvnSd.map((sj, j) => si * sj * (i === j ? 1 : rho)));
const mvnModel = (): void => {
  infer.sample("x", new D.MultivariateNormal(tensor(mvnMean, f64), { covarianceMatrix: tensor(mvnCov, f64) }));
};
const mvnExact: Exact = { mean: mvnMean, variance: mvnSd.map((s) => s * s) };

describe("conjugate posteriors by infer.nuts and infer.hmc (means and variances within 5 MCSE)", () => {
  it("Normal–Normal with known variance", () => {
    for (const [name, post] of both(nnModel as (...a: never[]) => unknown, [tensor(nnData, f64)], 100)) {
      expect(name).toMatch(/nuts|hmc/);
      expectExact(post, "mu", nnExact);
    }
  });

  it("Beta–Bernoulli (a constrained latent: the logit bijection's Jacobian matters)", () => {
    for (const [, post] of both(bbModel as (...a: never[]) => unknown, [tensor(bbData, f64)], 110)) expectExact(post, "p", bbExact);
  });

  it("Gamma–Poisson (a positive latent through exp)", () => {
    for (const [, post] of both(gpModel as (...a: never[]) => unknown, [tensor(gpData, f64)], 120)) expectExact(post, "rate", gpExact);
  });

  it("Bayesian linear regression with known noise (3 correlated coefficients)", () => {
    const exact = regressionExact();
    for (const [, post] of both(regModel as (...a: never[]) => unknown, [tensor(X, f64), tensor(yReg, f64)], 130)) expectExact(post, "w", exact);
  });

  it("a 4-D multivariate normal with correlation 0.95, with the diagonal and the dense metric", () => {
    for (const [, post] of both(mvnModel, [], 140)) expectExact(post, "x", mvnExact);
    expectExact(infer.nuts(mvnModel, { ...small, metric: "dense", seed: 142 }), "x", mvnExact);
  });

  it("the check can fail: a Gamma–Poisson density on log λ without the exp Jacobian is rejected", () => {
    // log p(u) for u = log λ: (α + Σy) u − (β + n) e^u (with the Jacobian term u); dropping it leaves
    // Gamma(α + Σy − 1, β + n) — a mean 1/(β + n) ≈ 0.13 lower, far beyond 5 MCSE at these sizes.
    const wrong: Potential = {
      dim: 1,
      logDensityAndGrad(q, g) {
        const u = q[0]!;
        g[0] = gpA - 1 - gpB * Math.exp(u);
        return (gpA - 1) * u - gpB * Math.exp(u);
      },
    };
    const right: Potential = {
      dim: 1,
      logDensityAndGrad(q, g) {
        const u = q[0]!;
        g[0] = gpA - gpB * Math.exp(u);
        return gpA * u - gpB * Math.exp(u);
      },
    };
    const rate = (p: Potential, seed: number): Posterior => infer.nuts(p, { chains: 2, warmup: 300, samples: 2000, seed });
    const toRate = (post: Posterior): Exact => {
      const c = post.siteDraws()["q"]!.chains.map((x) => x.map(Math.exp));
      const n = c.reduce((a, x) => a + x.length, 0);
      const m = c.reduce((a, x) => a + sum(Array.from(x)), 0) / n;
      return { mean: [Math.abs(m - gpExact.mean[0]!) / infer.diagnostics.mcseMean(c)], variance: [] };
    };
    expect(toRate(rate(right, 150)).mean[0]!).toBeLessThanOrEqual(5);
    expect(toRate(rate(wrong, 151)).mean[0]!).toBeGreaterThan(5);
  });
});

/**
 * R independent ADVI fits (seeds s0..s0+R−1): each quantity's mean over the fits and its standard
 * error (sd across fits / √R). The stochastic-gradient iterate is random; the tolerance is 5 standard
 * errors, with a floor of 1e-3 relative to the posterior's scale when the fits agree to that precision.
 */
function replicate(fit: (seed: number) => number[], s0: number, r = 4): { mean: number[]; se: number[] } {
  const runs = Array.from({ length: r }, (_, s) => fit(s0 + s));
  const mean = runs[0]!.map((_, i) => runs.reduce((a, v) => a + v[i]!, 0) / r);
  const se = mean.map((m, i) => Math.sqrt(runs.reduce((a, v) => a + (v[i]! - m) ** 2, 0) / (r - 1) / r));
  return { mean, se };
}

function expectAdvi(got: { mean: number[]; se: number[] }, exact: readonly number[], scale: readonly number[], what: string): void {
  exact.forEach((e, i) => {
    const tol = 5 * Math.max(got.se[i]!, 1e-3 * scale[i]!);
    expect(Math.abs(got.mean[i]! - e), `${what}[${i}]: ${got.mean[i]} vs ${e} (se ${got.se[i]})`).toBeLessThanOrEqual(tol);
  });
}

const adviOpts = { gradSamples: 5, iterations: 3000, tolRelObj: 1e-12, eta: 1 } as const;

/** Posterior precision diagonal from a covariance: Λ = Σ⁻¹, mean-field's optimal variances are 1/Λ_ii. */
const meanFieldVariances = (cov: number[][]): number[] => inverse(cov).map((row, i) => 1 / row[i]!);

describe("conjugate Gaussian posteriors by infer.advi (exact for full-rank; exact means for mean-field)", () => {
  // The Gaussian posteriors (unconstrained latents): full-rank ADVI's family contains them, so its optimum is
  // the exact mean and covariance; mean-field's optimum has the exact mean and variances 1/Λ_ii.
  const reg = regressionExact();
  const regCov = inverse(Array.from({ length: 3 }, (_, i) => Array.from({ length: 3 }, (_, j) => sum(X.map((r) => r[i]! * r[j]!)) / sigma ** 2 + (i === j ? 1 / tau ** 2 : 0))));
  const cases = [
    { name: "Normal–Normal", model: nnModel as (...a: never[]) => unknown, args: [tensor(nnData, f64)], mean: nnExact.mean, cov: [[nnVar]] },
    { name: "linear regression", model: regModel as (...a: never[]) => unknown, args: [tensor(X, f64), tensor(yReg, f64)], mean: reg.mean, cov: regCov },
    { name: "ρ = 0.95 normal", model: mvnModel as (...a: never[]) => unknown, args: [], mean: mvnMean, cov: mvnCov },
  ];

  for (const c of cases) {
    it(`${c.name}: full-rank ADVI recovers the mean and the covariance; mean-field the mean and 1/Λ_ii`, () => {
      const d = c.mean.length;
      const sds = c.cov.map((row, i) => Math.sqrt(row[i]!));
      const full = replicate((seed) => {
        const fit = infer.advi(c.model, { ...adviOpts, family: "fullRank", args: c.args, seed });
        return [...fit.mean, ...fit.covariance];
      }, 200);
      expectAdvi({ mean: full.mean.slice(0, d), se: full.se.slice(0, d) }, c.mean, sds, "full-rank mean");
      const covScale = c.cov.flatMap((row, i) => row.map((_, j) => sds[i]! * sds[j]!));
      expectAdvi({ mean: full.mean.slice(d), se: full.se.slice(d) }, c.cov.flat(), covScale, "full-rank covariance");
      const mf = replicate((seed) => {
        const fit = infer.advi(c.model, { ...adviOpts, family: "meanField", args: c.args, seed });
        return [...fit.mean, ...Array.from(fit.scale, (s) => s * s)];
      }, 300);
      expectAdvi({ mean: mf.mean.slice(0, d), se: mf.se.slice(0, d) }, c.mean, sds, "mean-field mean");
      const mfVar = meanFieldVariances(c.cov);
      expectAdvi({ mean: mf.mean.slice(d), se: mf.se.slice(d) }, mfVar, mfVar, "mean-field variance");
    });
  }
});
