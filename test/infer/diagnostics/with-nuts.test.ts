import { describe, expect, it } from "vitest";
import * as infer from "../../../src/infer/index.js";
import type { Potential } from "../../../src/infer/index.js";
import { markGroups } from "./svg.js";

/** A strongly correlated 2-D Gaussian (ρ = 0.9, unit variances) as a Potential. */
const correlated: Potential = {
  dim: 2,
  logDensityAndGrad(q, g) {
    const [x, y] = [q[0]!, q[1]!];
    const c = 1 / (1 - 0.81);
    g[0] = -c * (x - 0.9 * y);
    g[1] = -c * (y - 0.9 * x);
    return -0.5 * c * (x * x - 1.8 * x * y + y * y);
  },
};

/** Neal's funnel: y ~ N(0, 3), x ~ N(0, e^{y/2}); NUTS diverges in its neck. */
const funnel: Potential = {
  dim: 2,
  logDensityAndGrad(q, g) {
    const [y, x] = [q[0]!, q[1]!];
    // log p = −y²/18 − x² e^{−y}/2 − y/2; ∂/∂y = −y/9 + x² e^{−y}/2 − 1/2, ∂/∂x = −x e^{−y}.
    const e = Math.exp(-y);
    g[0] = -y / 9 + 0.5 * x * x * e - 0.5;
    g[1] = -x * e;
    return -(y * y) / 18 - 0.5 * x * x * e - 0.5 * y;
  },
};

describe("diagnostics on draws from infer.nuts", () => {
  it("a mixed run: R̂ < 1.01, bulk ESS > 400, means within 5 MCSE of the truth, E-BFMI > 0.3 per chain", () => {
    // NOTE: with autocorrelation τ, E[R̂²] ≈ 1 + (τ − 1)/N: 1000 draws per chain keep R̂ of a healthy run below 1.01.
    const post = infer.nuts(correlated, { seed: 3, warmup: 500, samples: 1000 });
    const s = infer.diagnostics.summarize(post.siteDraws());
    expect(s.rows.map((r) => r.name)).toEqual(["q[0]", "q[1]"]);
    for (const r of s.rows) {
      expect(r.rhat).toBeLessThan(1.01);
      expect(r.essBulk).toBeGreaterThan(400);
      expect(Math.abs(r.mean)).toBeLessThanOrEqual(5 * r.mcse);
    }
    const energy = post.energy.data() as Float64Array;
    for (let c = 0; c < post.chains; c++) expect(infer.diagnostics.ebfmi(energy.subarray(c * post.samples, (c + 1) * post.samples))).toBeGreaterThan(0.3);
  });

  it("the funnel's divergent transitions are the red points of the pair plot", async () => {
    const post = infer.nuts(funnel, { seed: 1, warmup: 300, samples: 300, chains: 2 });
    expect(post.divergences).toBeGreaterThan(0);
    const draws = post.siteDraws();
    const svg = await infer.diagnostics.pairPlot(draws, ["q[1]", "q[0]"], { divergent: post.divergent });
    const red = markGroups(svg).filter((g) => g.type === "symbol" && g.name.includes("layer_1"));
    expect(red.map((g) => g.items)).toEqual([post.divergences]);
  });
});
