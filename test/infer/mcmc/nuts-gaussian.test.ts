import { describe, expect, it } from "vitest";
import { infer } from "../../../src/index.js";
import type { Posterior, Potential } from "../../../src/infer/index.js";
import { coordinate, correlated2d, gaussian, meanAndMcse } from "./targets.js";

/**
 * NUTS against closed forms: every mean and second moment within 5 Monte Carlo standard errors
 * (batch means over 4 seeded chains) of the exact value.
 */

/** Asserts E[f(x_j)] = exact within 5·MCSE for the site "q" of `post`. */
function expectMoment(post: Posterior, j: number, f: (x: number) => number, exact: number): void {
  const chains = post.siteDraws()["q"]!.chains;
  const { mean, mcse } = meanAndMcse(coordinate(chains, post.shape("q")[0]!, j, f));
  expect(mcse).toBeGreaterThan(0);
  expect(Math.abs(mean - exact)).toBeLessThanOrEqual(5 * mcse);
}

describe("infer.nuts on Gaussians", () => {
  it("a 1-D standard normal: mean 0 and E[x²] = 1 within 5 MCSE", () => {
    const post = infer.nuts(gaussian([0], [1]), { seed: 1, warmup: 500, samples: 1000 });
    expect(post.draws("q").shape).toEqual([4, 1000, 1]);
    expectMoment(post, 0, (x) => x, 0);
    expectMoment(post, 0, (x) => x * x, 1);
    expect(post.divergences).toBe(0);
  });

  it("a 10-D normal with scales 1…10: every mean and variance within 5 MCSE; the diagonal metric learns the variances", () => {
    const sd = Array.from({ length: 10 }, (_, i) => i + 1);
    const mean = sd.map((s) => s / 2);
    const post = infer.nuts(gaussian(mean, sd), { seed: 2, warmup: 500, samples: 1000 });
    for (let j = 0; j < 10; j++) {
      expectMoment(post, j, (x) => x, mean[j]!);
      expectMoment(post, j, (x) => (x - mean[j]!) ** 2, sd[j]! ** 2);
    }
    // Stan's regularised window variance: within 35% of the true variance in every chain.
    for (const inv of post.inverseMetric) for (let j = 0; j < 10; j++) expect(Math.abs(inv[j]! / sd[j]! ** 2 - 1)).toBeLessThan(0.35);
  });

  it("a 2-D Gaussian with correlation 0.95: the dense metric adapts to the covariance, and both metrics are correct", () => {
    const target = correlated2d(1, 3, 0.95);
    const cov = [1, 0.95 * 3, 0.95 * 3, 9];
    const leapfrogs: Record<string, number> = {};
    for (const metric of ["diag", "dense"] as const) {
      const post = infer.nuts(target, { seed: 3, warmup: 500, samples: 1000, metric });
      expectMoment(post, 0, (x) => x, 0);
      expectMoment(post, 1, (x) => x, 0);
      expectMoment(post, 0, (x) => x * x, 1);
      expectMoment(post, 1, (x) => x * x, 9);
      const chains = post.siteDraws()["q"]!.chains;
      const xy = chains.map((c) => Float64Array.from({ length: c.length / 2 }, (_, i) => c[2 * i]! * c[2 * i + 1]!));
      const { mean, mcse } = meanAndMcse(xy);
      expect(Math.abs(mean - cov[1]!)).toBeLessThanOrEqual(5 * mcse);
      leapfrogs[metric] = post.sampleStat("nLeapfrog").mean().item();
      if (metric === "dense") {
        for (const inv of post.inverseMetric) {
          expect(inv.length).toBe(4);
          for (let k = 0; k < 4; k++) expect(Math.abs(inv[k]! - cov[k]!)).toBeLessThan(0.35 * Math.sqrt(cov[3 * Math.floor(k / 2)]! * cov[3 * (k % 2)]!));
        }
      }
    }
    // A metric matching the covariance makes the target isotropic: far shorter trajectories.
    expect(leapfrogs["dense"]!).toBeLessThan(0.6 * leapfrogs["diag"]!);
  });

  it("a conjugate Normal–Normal posterior (unknown mean, known σ) matches the closed form", () => {
    // y_i ∼ N(μ, σ²), μ ∼ N(m0, s0²): μ | y ∼ N(m_n, s_n²), 1/s_n² = 1/s0² + n/σ², m_n = s_n² (m0/s0² + Σy/σ²).
    const y = [2.1, 1.3, 3.4, 2.8, 0.9, 2.2, 1.7, 3.1];
    const sigma = 1.5, m0 = -1, s0 = 2;
    const prec = 1 / s0 ** 2 + y.length / sigma ** 2;
    const sn2 = 1 / prec;
    const mn = sn2 * (m0 / s0 ** 2 + y.reduce((a, b) => a + b, 0) / sigma ** 2);
    const potential: Potential = {
      dim: 1,
      logDensityAndGrad(q, g) {
        const mu = q[0]!;
        let lp = -0.5 * ((mu - m0) / s0) ** 2;
        let d = -(mu - m0) / s0 ** 2;
        for (const yi of y) {
          lp -= 0.5 * ((yi - mu) / sigma) ** 2;
          d += (yi - mu) / sigma ** 2;
        }
        g[0] = d;
        return lp;
      },
    };
    const post = infer.nuts(potential, { seed: 4, warmup: 500, samples: 1000 });
    expectMoment(post, 0, (x) => x, mn);
    expectMoment(post, 0, (x) => (x - mn) ** 2, sn2);
  });
});
