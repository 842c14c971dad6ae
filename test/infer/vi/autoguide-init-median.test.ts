import { describe, expect, it } from "vitest";
import { ArgumentError, distributions as D, infer, optim, random, tensor } from "../../../src/index.js";

const f64 = { dtype: "float64" } as const;
const s = (v: number) => tensor(v, f64);

// Nearly point-mass priors: the prior median is known to ~1e-6, and z's median depends on mu's.
const sharp = (): void => {
  const mu = infer.sample("mu", new D.Normal(s(3), 1e-6));
  infer.sample("sigma", new D.LogNormal(s(Math.log(2)), 1e-6));
  infer.sample("z", new D.Normal(mu, 1e-6));
};

/** The guide's params after svi.init with `seed`. */
function initParams(guide: ReturnType<typeof infer.autoguides.normal>, model: () => void, seed: number): Record<string, number[]> {
  const svi = infer.svi(model, guide, optim.functional.sgd({ lr: 0 }), { seed });
  svi.init();
  return Object.fromEntries(Object.entries(svi.params).map(([k, v]) => [k, Array.from(v.data() as ArrayLike<number>)]));
}

describe("autoguides: initLoc \"median\" (NumPyro's init_to_median)", () => {
  it("delta starts each site at its prior median, parents first", () => {
    const p = initParams(infer.autoguides.delta(sharp, { initLoc: "median" }), sharp, 0);
    expect(p.mu_auto_loc![0]).toBeCloseTo(3, 4);
    expect(p.sigma_auto_loc![0]).toBeCloseTo(2, 4);
    expect(p.z_auto_loc![0]).toBeCloseTo(3, 4);
  });

  it("normal, multivariateNormal and laplace start auto_loc at the unconstrained median", () => {
    for (const make of [infer.autoguides.normal, infer.autoguides.multivariateNormal, infer.autoguides.laplace]) {
      const loc = initParams(make(sharp, { initLoc: "median" }), sharp, 1).auto_loc!;
      expect(loc[0]).toBeCloseTo(3, 4);
      expect(loc[1]).toBeCloseTo(Math.log(2), 4);
      expect(loc[2]).toBeCloseTo(3, 4);
    }
  });

  it("the default stays at the bijections' image of 0", () => {
    const p = initParams(infer.autoguides.delta(sharp), sharp, 0);
    expect(p.mu_auto_loc![0]).toBe(0);
    expect(p.sigma_auto_loc![0]).toBe(1);
  });

  // The median of 15 uniforms is Beta(8, 8): mean 1/2, variance 64 / (16² · 17) = 1/68.
  it("is the median of 15 prior draws: its mean and variance over seeds are Beta(8, 8)'s (within 5·MCSE)", () => {
    const model = (): void => void infer.sample("u", new D.Uniform(s(0), s(1)));
    const guide = infer.autoguides.delta(model, { initLoc: "median" });
    const n = 400;
    const keys = random.split(random.key(7), n);
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const tr = infer.handlers.trace(infer.handlers.seed(guide, keys[i]!)).getTrace();
      v[i] = tr.get("u_auto_loc")!.value.item();
    }
    const mean = v.reduce((a, b) => a + b, 0) / n;
    const variance = v.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
    const exactVar = 1 / 68;
    expect(Math.abs(mean - 0.5)).toBeLessThanOrEqual(5 * Math.sqrt(exactVar / n));
    // Var of the sample variance ≈ 2σ⁴/(n − 1) for a near-normal Beta(8, 8).
    expect(Math.abs(variance - exactVar)).toBeLessThanOrEqual(5 * Math.sqrt((2 * exactVar ** 2) / (n - 1)));
  });

  it("a bad initLoc is an ArgumentError naming the option", () => {
    expect(() => infer.autoguides.normal(sharp, { initLoc: "mean" as never })).toThrow(ArgumentError);
    expect(() => infer.autoguides.normal(sharp, { initLoc: "mean" as never })).toThrow(/infer.autoguides.normal: options.initLoc must be "zero" or "median"/);
  });
});
