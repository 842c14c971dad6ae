import { describe, expect, it } from "vitest";
import { distributions as D, infer, tensor, type Tensor } from "../../src/index.js";
import type { SbcInference } from "../../src/infer/index.js";
import { ArgumentError, ShapeError } from "../../src/core/errors.js";

/**
 * infer.sbc (Talts et al. 2018): with an exact sampler the ranks of the prior draw among L posterior
 * draws are uniform on 0..L, so the χ² p-value is not tiny; a broken sampler (a tempered target, a
 * missing log-Jacobian) makes them non-uniform and the test fails. Conjugate models, NUTS and HMC on
 * the compiled log density, seeded. A p-value of 1e-3 is the line (with a correct sampler such a
 * p-value happens once in a thousand seeds; the broken ones give p < 1e-6 here).
 */

/** μ ∼ N(0, 1), y_i ∼ N(μ, 1), i < n: the posterior is N(Σy/(n+1), 1/(n+1)). */
const normalModel = (n: number): void => {
  const mu = infer.sample("mu", new D.Normal(tensor(0, { dtype: "float64" }), 1));
  infer.plate("n", n, () => infer.sample("y", new D.Normal(mu, 1)));
};

/** λ ∼ Gamma(1.5, 1), y ∼ Poisson(λ): the posterior is Gamma(1.5 + y, 2); λ is sampled as log λ (Jacobian λ). */
const poissonModel = (): void => {
  const lambda = infer.sample("lambda", new D.Gamma(tensor(1.5, { dtype: "float64" }), 1));
  infer.sample("y", new D.Poisson(lambda));
};

type Sampler = "nuts" | "hmc";

/**
 * NUTS or HMC on the conditioned model's log density as a bare potential (1 chain, 100 + 100), returning
 * exp-mapped or raw draws of the single latent `site`; `warp` changes the target to break the sampler.
 */
function onPotential(sampler: Sampler, site: string, positive: boolean, warp?: (logp: number, q: number, grad: Float64Array) => number): SbcInference {
  return (model, { args, key }) => {
    const ld = infer.logDensity(model, { args });
    const target = {
      dim: ld.dim,
      logDensityAndGrad: (q: Float64Array, grad: Float64Array): number => {
        const lp = ld.logDensityAndGrad(q, grad);
        return warp === undefined ? lp : warp(lp, q[0]!, grad);
      },
    };
    const post = (infer[sampler] as typeof infer.nuts)(target, { seed: key, chains: 1, warmup: 100, samples: 100 });
    const q = post.draws("q").data();
    const values = new Float64Array(q.length);
    for (let i = 0; i < q.length; i++) values[i] = positive ? Math.exp(q[i]!) : q[i]!;
    return { [site]: tensor(values, { dtype: "float64" }) };
  };
}

const normalOpts = { simulations: 100, draws: 9, args: [4], observed: ["y"] };
const poissonOpts = { simulations: 100, draws: 9, observed: ["y"] };

const report = process.env.SBC_REPORT === "1";

describe("infer.sbc", () => {
  it("ranks are uniform for NUTS and HMC on the Normal–Normal and Gamma–Poisson models", () => {
    for (const sampler of ["nuts", "hmc"] as const) {
      const a = infer.sbc(normalModel, onPotential(sampler, "mu", false), { ...normalOpts, seed: 1 });
      expect(a.names).toEqual(["mu"]);
      expect(a.ranks.mu!.length).toBe(100);
      expect(a.ranks.mu!.every((r) => r >= 0 && r <= 9)).toBe(true);
      expect(a.tests.mu!.df).toBe(9);
      expect(a.tests.mu!.pValue).toBeGreaterThan(1e-3);
      const b = infer.sbc(poissonModel, onPotential(sampler, "lambda", true), { ...poissonOpts, seed: 2 });
      expect(b.tests.lambda!.pValue).toBeGreaterThan(1e-3);
      if (report) console.log(a.toString() + "\n" + b.toString());
    }
  });

  it("a tempered target (log density × 4: the posterior's sd halved) fails: ∪-shaped ranks", () => {
    const tempered = onPotential("nuts", "mu", false, (lp, _q, grad) => {
      for (let i = 0; i < grad.length; i++) grad[i]! *= 4;
      return 4 * lp;
    });
    const res = infer.sbc(normalModel, tempered, { ...normalOpts, seed: 1 });
    const c = res.tests.mu!.counts;
    if (report) console.log(res.toString());
    expect(res.tests.mu!.pValue).toBeLessThan(1e-3);
    expect(c[0]! + c[9]!).toBeGreaterThan(2 * (100 / 10) * 1.5);
  });

  it("a missing log-Jacobian (log λ sampled by p(e^q), not p(e^q)·e^q: Gamma(0.5 + y, 2) for Gamma(1.5 + y, 2)) fails: ranks pile up high", () => {
    // d/dq [log p(e^q) + q] = ∂ + 1, so dropping the Jacobian term q subtracts 1 from the gradient.
    const noJacobian = onPotential("nuts", "lambda", true, (lp, q, grad) => {
      grad[0]! -= 1;
      return lp - q;
    });
    const res = infer.sbc(poissonModel, noJacobian, { ...poissonOpts, seed: 2 });
    expect(res.tests.lambda!.pValue).toBeLessThan(1e-3);
    if (report) console.log(res.toString());
    const r = res.ranks.lambda!;
    expect(r.reduce((s, x) => s + x, 0) / r.length).toBeGreaterThan(4.5 + 1);
  });

  it("runs infer.nuts on the conditioned model end to end: the Posterior's draws, vector sites, element names, plot and table", async () => {
    const model = (): void => {
      const theta = infer.sample("theta", new D.Normal(tensor([0, 1], { dtype: "float64" }), 1));
      infer.sample("y", new D.Normal(theta, 0.5), { obs: tensor([0.3, 0.8], { dtype: "float64" }) });
    };
    const seen: string[] = [];
    const res = infer.sbc(
      model,
      (m, { data, args, key, simulation }) => {
        seen.push(`${simulation}:${Object.keys(data).join(",")}:${data.y!.shape.join("x")}`);
        return infer.nuts(m, { args, seed: key, chains: 2, warmup: 60, samples: 20 });
      },
      { simulations: 4, draws: 19, seed: 5 },
    );
    expect(seen).toEqual(["0:y:2", "1:y:2", "2:y:2", "3:y:2"]);
    expect(res.names).toEqual(["theta[0]", "theta[1]"]);
    expect(res.bins).toBe(20);
    const svg = await res.plot();
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("theta[1]");
    expect(res.toString()).toContain("theta[0]");
    expect(JSON.parse(JSON.stringify(res)).ranks["theta[1]"]).toHaveLength(4);
  });

  it("is reproducible from its seed, and a deterministic site can be ranked", () => {
    const model = (n: number): void => {
      const mu = infer.sample("mu", new D.Normal(tensor(0, { dtype: "float64" }), 1));
      infer.deterministic("shifted", mu);
      infer.plate("n", n, () => infer.sample("y", new D.Normal(mu, 1)));
    };
    const inference: SbcInference = (_m, { key }) => {
      // A stand-in "sampler" drawing from the prior: fine for checking plumbing, not calibration.
      const d = new D.Normal(tensor(0, { dtype: "float64" }), 1).sample([30], key);
      return { mu: d, shifted: d };
    };
    const a = infer.sbc(model, inference, { simulations: 6, draws: 9, args: [2], observed: ["y"], params: ["mu", "shifted"], seed: 3 });
    const b = infer.sbc(model, inference, { simulations: 6, draws: 9, args: [2], observed: ["y"], params: ["mu", "shifted"], seed: 3 });
    expect(Array.from(a.ranks.mu!)).toEqual(Array.from(b.ranks.mu!));
    expect(Array.from(a.ranks.shifted!)).toEqual(Array.from(a.ranks.mu!));
  });

  it("errors name infer.sbc, the argument and what was expected", () => {
    const inference: SbcInference = () => ({ mu: tensor(new Float64Array(5), { dtype: "float64" }) });
    expect(() => infer.sbc(normalModel, inference, { args: [3] })).toThrow(/infer\.sbc: the model has no observed sample sites.*options\.observed/);
    expect(() => infer.sbc(normalModel, inference, { args: [3], observed: ["mu"], params: ["y"] })).toThrow(ArgumentError);
    expect(() => infer.sbc(normalModel, inference, { args: [3], observed: ["nope"] })).toThrow(/options\.observed\[0\] must be one of the model's sample sites \(mu, y\)/);
    expect(() => infer.sbc(normalModel, inference, { args: [3], observed: ["y"], draws: 9 })).toThrow(/returned 5 draws of "mu" on simulation 0.*L = 9/);
    expect(() => infer.sbc(normalModel, inference, { args: [3], observed: ["y"], draws: 9, bins: 3 })).toThrow(/options\.bins must be a divisor of L \+ 1 = 10/);
    expect(() => infer.sbc(normalModel, inference, { args: [3], observed: ["y"], simulations: 0 })).toThrow(/options\.simulations must be an integer in \[1/);
    expect(() => infer.sbc(normalModel, inference, { args: [3], observed: ["y"], sims: 3 } as never)).toThrow(/options\.sims must be absent/);
    expect(() => infer.sbc(normalModel, () => ({ mu: tensor([[1, 2]]) as Tensor }), { args: [3], observed: ["y"], draws: 1 })).toThrow(ShapeError);
    expect(() => infer.sbc(normalModel, () => 3 as never, { args: [3], observed: ["y"] })).toThrow(/inference's result must be a Posterior or a record/);
    expect(() => infer.sbc(normalModel, () => { throw new Error("boom"); }, { args: [3], observed: ["y"] })).toThrow(/infer\.sbc: inference failed on simulation 0: boom/);
    expect(() => infer.sbc(normalModel, 3 as never)).toThrow(/infer\.sbc: inference must be a function/);
  });
});
