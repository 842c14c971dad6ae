import { describe, expect, it } from "vitest";
import { distributions as D, infer, mul, tensor, where, greater, type Tensor } from "../../../src/index.js";
import type { Posterior, Potential } from "../../../src/infer/index.js";
import { meanAndMcse } from "./targets.js";

/**
 * infer.nuts / infer.hmc on model functions (through infer.logDensity): conjugate posteriors against
 * their closed forms within 5 MCSE, constrained latents (the Jacobian matters: without it Beta(8, 4)
 * would have mean 0.7), deterministic sites, init errors naming the site, plots.
 */

/** Asserts that the pooled draws of a scalar site have E[f] = exact within 5 MCSE. */
function expectSite(post: Posterior, name: string, f: (x: number) => number, exact: number): void {
  const chains = post.siteDraws()[name]!.chains.map((c) => c.map(f));
  const { mean, mcse } = meanAndMcse(chains);
  expect(Math.abs(mean - exact)).toBeLessThanOrEqual(5 * mcse);
}

describe("infer.nuts on model functions", () => {
  it("Normal–Normal: μ ∼ N(−1, 2²), y_i ∼ N(μ, 1.5²) gives N(m_n, s_n²) exactly; a deterministic site rides along", () => {
    const y = [2.1, 1.3, 3.4, 2.8, 0.9, 2.2, 1.7, 3.1];
    const model = (obs: Tensor): void => {
      const mu = infer.sample("mu", new D.Normal(tensor(-1, { dtype: "float64" }), 2));
      infer.deterministic("twiceMu", mul(mu, 2));
      infer.sample("y", new D.Normal(mu, 1.5), { obs });
    };
    const prec = 1 / 4 + y.length / 2.25;
    const sn2 = 1 / prec;
    const mn = sn2 * (-1 / 4 + y.reduce((a, b) => a + b, 0) / 2.25);
    const post = infer.nuts(model, { args: [tensor(y, { dtype: "float64" })], seed: 21, warmup: 400, samples: 800 });
    expect(post.sites).toEqual(["mu", "twiceMu"]);
    expect(post.draws("mu").shape).toEqual([4, 800]);
    expectSite(post, "mu", (x) => x, mn);
    expectSite(post, "mu", (x) => (x - mn) ** 2, sn2);
    const mu = post.draws("mu").data();
    const twice = post.draws("twiceMu").data();
    for (let i = 0; i < 10; i++) expect(twice[i]).toBeCloseTo(2 * mu[i]!, 12);
  });

  it("Beta–Bernoulli: p ∼ Beta(1, 1), 7 successes in 10 gives Beta(8, 4) (mean 2/3, not the Jacobian-free 0.7), by NUTS and HMC", () => {
    const data = tensor([1, 1, 0, 1, 1, 0, 1, 1, 0, 1], { dtype: "float64" });
    const model = (obs: Tensor): void => {
      const p = infer.sample("p", new D.Beta(tensor(1, { dtype: "float64" }), 1));
      infer.sample("y", new D.Bernoulli({ probs: p }), { obs });
    };
    const variance = (8 * 4) / (12 * 12 * 13);
    for (const post of [
      infer.nuts(model, { args: [data], seed: 22, chains: 2, warmup: 300, samples: 800 }),
      infer.hmc(model, { args: [data], seed: 23, chains: 2, warmup: 300, samples: 800, numSteps: 5 }),
    ]) {
      expectSite(post, "p", (x) => x, 2 / 3);
      expectSite(post, "p", (x) => (x - 2 / 3) ** 2, variance);
      for (const c of post.siteDraws()["p"]!.chains) for (const x of c) expect(x > 0 && x < 1).toBe(true);
    }
  });

  it("a model whose log density is −∞ everywhere: the init error names the function, the chain and the site", () => {
    const model = (): void => {
      const mu = infer.sample("mu", new D.Normal(tensor(0, { dtype: "float64" }), 1));
      infer.factor("wall", where(greater(mu, 100), 0, -Infinity));
    };
    expect(() => infer.nuts(model, { seed: 0 })).toThrow(/^infer\.nuts: chain 0: could not initialise: the log density is -Infinity at 100 random initial points .*\(at the last point tried: site "wall" has log density -Infinity/);
  });

  it("args belong to model functions; the plots are SVG, the pair plot marks divergences", async () => {
    const target: Potential = { dim: 1, logDensityAndGrad: (q, g) => ((g[0] = -q[0]!), -0.5 * q[0]! ** 2) };
    expect(() => infer.nuts(() => undefined)).toThrow(/^infer\.nuts: infer\.logDensity: the model has no latent sample sites/);
    expect(() => infer.nuts(target, { args: [1] })).toThrow("infer.nuts: options.args must be undefined for a Potential (args are a model function's arguments), got an array of length 1");
    const model = (): void => {
      infer.sample("a", new D.Normal(tensor(0, { dtype: "float64" }), 1));
      infer.sample("b", new D.Normal(tensor(0, { dtype: "float64" }), 1));
    };
    const post = infer.nuts(model, { seed: 24, chains: 2, warmup: 50, samples: 50 });
    for (const svg of [await post.tracePlot(), await post.rankPlot(), await post.pairPlot(["a", "b"])]) expect(svg.startsWith("<svg")).toBe(true);
  });
});
