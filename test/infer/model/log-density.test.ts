import { describe, expect, it } from "vitest";
import { add, ArgumentError, compile, distributions as D, infer, mul, random, tensor, type Tensor } from "../../../src/index.js";

const f64 = { dtype: "float64" } as const;
const LOG2PI = Math.log(2 * Math.PI);
const normalLp = (x: number, m: number, s: number): number => -0.5 * ((x - m) / s) ** 2 - Math.log(s) - 0.5 * LOG2PI;

const y = tensor([0.3, -1.2, 2.5], f64);
const k = tensor([1, 0, 1, 1], f64);
/** sigma ~ HalfNormal(2), p ~ Beta(2, 3), mu[2] ~ N(0, 1); y[3] ~ N(mu0 + mu1, sigma); k[4] ~ Bernoulli(p). */
const model = (yObs: Tensor, kObs: Tensor): void => {
  const sigma = infer.sample("sigma", new D.HalfNormal(tensor(2, f64)));
  const p = infer.sample("p", new D.Beta(tensor(2, f64), tensor(3, f64)));
  const mu = infer.plate("K", 2, () => infer.sample("mu", new D.Normal(tensor(0, f64), 1)));
  infer.deterministic("total", add(mu.sum(), mul(sigma, 0)));
  infer.plate("N", 3, () => infer.sample("y", new D.Normal(add(mu.sum(), mul(sigma, 0)), sigma), { obs: yObs }));
  infer.plate("M", 4, () => infer.sample("k", new D.Bernoulli({ probs: p }), { obs: kObs }));
};

/** The same log density written by hand on the unconstrained scale, Jacobians included. */
function handWritten(q: Float64Array): number {
  const sigma = Math.exp(q[0]!);
  const p = 1 / (1 + Math.exp(-q[1]!));
  const m = q[2]! + q[3]!;
  let lp = Math.log(2) + normalLp(sigma, 0, 2) + q[0]!; // HalfNormal(2) and log|d exp/dq| = q
  lp += Math.log(12) + Math.log(p) + 2 * Math.log(1 - p) + Math.log(p) + Math.log(1 - p); // Beta(2,3), log σ'(q) = log p(1−p)
  lp += normalLp(q[2]!, 0, 1) + normalLp(q[3]!, 0, 1);
  for (const v of [0.3, -1.2, 2.5]) lp += normalLp(v, m, sigma);
  lp += 3 * Math.log(p) + Math.log(1 - p);
  return lp;
}

const points = (n: number, dim: number, seed: number): Float64Array[] => {
  const u = random.uniform(random.key(seed), [n, dim], { minval: -2, maxval: 2, dtype: "float64" }).data() as Float64Array;
  return Array.from({ length: n }, (_, i) => u.slice(i * dim, (i + 1) * dim));
};

describe("logDensity", () => {
  const ld = infer.logDensity(model, { args: [y, k] });
  const plain = infer.logDensity(model, { args: [y, k], compile: false });

  it("lays out the latent sites in model order with shapes and offsets", () => {
    expect(ld.dim).toBe(4);
    expect(ld.names).toEqual(["sigma", "p", "mu"]);
    expect(ld.shapes).toEqual({ sigma: [], p: [], mu: [2] });
    expect(ld.offsets).toEqual({ sigma: 0, p: 1, mu: 2 });
    expect(ld.deterministicShapes).toEqual({ total: [] });
  });

  it("equals the hand-written density with the HalfNormal and Beta Jacobians at random points", () => {
    for (const q of points(10, 4, 1)) {
      const g = new Float64Array(4);
      expect(ld.logDensityAndGrad(q, g)).toBeCloseTo(handWritten(q), 10);
      expect(plain.logDensityAndGrad(q, g)).toBeCloseTo(handWritten(q), 10);
    }
  });

  it("its gradient matches central finite differences of the hand-written density", () => {
    const h = 1e-6;
    for (const q of points(5, 4, 2)) {
      const g = new Float64Array(4);
      ld.logDensityAndGrad(q, g);
      for (let i = 0; i < 4; i++) {
        const a = q.slice();
        const b = q.slice();
        a[i]! += h;
        b[i]! -= h;
        expect(g[i]).toBeCloseTo((handWritten(a) - handWritten(b)) / (2 * h), 5);
      }
    }
  });

  it("compiled and uncompiled give the same value and gradient", () => {
    for (const q of points(10, 4, 3)) {
      const g1 = new Float64Array(4);
      const g2 = new Float64Array(4);
      expect(ld.logDensityAndGrad(q, g1)).toBeCloseTo(plain.logDensityAndGrad(q, g2), 12);
      for (let i = 0; i < 4; i++) expect(g1[i]).toBeCloseTo(g2[i]!, 12);
    }
  });

  it("constrain maps q onto the supports (latent and deterministic sites) and unconstrain inverts it", () => {
    const q = new Float64Array([0.5, -1, 0.25, 2]);
    const c = ld.constrain(q);
    expect(c.sigma![0]).toBeCloseTo(Math.exp(0.5), 14);
    expect(c.p![0]).toBeCloseTo(1 / (1 + Math.exp(1)), 14);
    expect(Array.from(c.mu!)).toEqual([0.25, 2]);
    expect(c.total![0]).toBeCloseTo(2.25, 14);
    const back = ld.unconstrain({ sigma: c.sigma![0]!, p: c.p![0]!, mu: tensor(Array.from(c.mu!), f64) });
    for (let i = 0; i < 4; i++) expect(back[i]).toBeCloseTo(q[i]!, 12);
  });

  it("compiles a model that closes over its data tensors (distribution checks are skipped while tracing)", () => {
    const sigma = tensor([15, 10, 16, 11, 9, 11, 10, 18], f64);
    const ys = tensor([28, 8, -3, 7, -1, 1, 18, 12], f64);
    const eightSchools = (): void => {
      const mu = infer.sample("mu", new D.Normal(tensor(0, f64), 5));
      const tau = infer.sample("tau", new D.HalfCauchy(tensor(5, f64)));
      infer.plate("J", 8, () => {
        const eta = infer.sample("eta", new D.Normal(tensor(0, f64), 1));
        const theta = infer.deterministic("theta", add(mu, mul(tau, eta)));
        infer.sample("y", new D.Normal(theta, sigma), { obs: ys });
      });
    };
    const c = infer.logDensity(eightSchools);
    const u = infer.logDensity(eightSchools, { compile: false });
    const q = points(1, 10, 4)[0]!;
    const g1 = new Float64Array(10);
    const g2 = new Float64Array(10);
    expect(c.logDensityAndGrad(q, g1)).toBeCloseTo(u.logDensityAndGrad(q, g2), 12);
    expect(Array.from(g1).map((v, i) => v - g2[i]!).every((d) => Math.abs(d) < 1e-12)).toBe(true);
    // The distribution itself, compiled with a closed-over scale.
    const lp = compile((x: Tensor) => new D.Normal(x, sigma).logProb(ys).sum());
    expect(lp(tensor(1, f64)).item()).toBeCloseTo(new D.Normal(tensor(1, f64), sigma).logProb(ys).sum().item(), 12);
  });

  it("is traced once: evaluations run the compiled code, not the model", () => {
    let runs = 0;
    const counted = (yObs: Tensor, kObs: Tensor): void => {
      runs++;
      model(yObs, kObs);
    };
    const c = infer.logDensity(counted, { args: [y, k] });
    const u = infer.logDensity(counted, { args: [y, k], compile: false });
    const before = runs;
    const g = new Float64Array(4);
    for (const q of points(20, 4, 5)) c.logDensityAndGrad(q, g);
    expect(runs).toBe(before);
    for (const q of points(20, 4, 5)) u.logDensityAndGrad(q, g);
    expect(runs).toBe(before + 20);
    expect(c.compiled).toBe(true);
  });

  it("compiled, the data arguments are captured when logDensity is called (constants of the program)", () => {
    const data = tensor([1, 2, 3], f64);
    const m = (d: Tensor): void => {
      const mu = infer.sample("mu", new D.Normal(tensor(0, f64), 1));
      infer.sample("d", new D.Normal(mu, 1), { obs: d });
    };
    const c = infer.logDensity(m, { args: [data] });
    const q = new Float64Array([0.5]);
    const g = new Float64Array(1);
    const before = c.logDensityAndGrad(q, g);
    const gBefore = g[0];
    data.assign(tensor([10, 20, 30], f64));
    expect(c.logDensityAndGrad(q, g)).toBe(before);
    expect(g[0]).toBe(gBefore);
    expect(gBefore).toBeCloseTo(-0.5 + (1 + 2 + 3 - 1.5), 12); // −μ + Σ (d_i − μ)
  });

  it("constrain is compiled too: traced once, equal to the uncompiled model run", () => {
    let runs = 0;
    const counted = (yObs: Tensor, kObs: Tensor): void => {
      runs++;
      model(yObs, kObs);
    };
    const c = infer.logDensity(counted, { args: [y, k] });
    const u = infer.logDensity(counted, { args: [y, k], compile: false });
    c.constrain(points(1, 4, 6)[0]!); // the first call traces
    const before = runs;
    for (const q of points(10, 4, 7)) {
      const a = c.constrain(q);
      const b = u.constrain(q);
      expect(Object.keys(a)).toEqual(Object.keys(b));
      for (const name of Object.keys(b)) expect(Array.from(a[name]!)).toEqual(Array.from(b[name]!));
    }
    expect(runs).toBe(before + 10); // only the uncompiled density ran the model
  });

  it("a model that branches on a latent value is refused compiled, and runs with compile: false", () => {
    const branchy = (): void => {
      const x = infer.sample("x", new D.Normal(tensor(0, f64), 1));
      infer.sample("y", new D.Normal(x.item() > 0 ? tensor(1, f64) : tensor(-1, f64), 1), { obs: tensor(0.5, f64) });
    };
    expect(() => infer.logDensity(branchy)).toThrow(ArgumentError);
    expect(() => infer.logDensity(branchy)).toThrow(/reads a traced value.*compile: false/);
    const u = infer.logDensity(branchy, { compile: false });
    const g = new Float64Array(1);
    expect(u.logDensityAndGrad(new Float64Array([0.3]), g)).toBeCloseTo(normalLp(0.3, 0, 1) + normalLp(0.5, 1, 1), 12);
    expect(u.logDensityAndGrad(new Float64Array([-0.3]), g)).toBeCloseTo(normalLp(-0.3, 0, 1) + normalLp(0.5, -1, 1), 12);
    expect(g[0]).toBeCloseTo(0.3, 12);
  });

  it("a site that appears only on one branch is an error naming the sites (uncompiled)", () => {
    const switching = (): void => {
      const x = infer.sample("x", new D.Normal(tensor(0, f64), 1));
      if (x.item() > 10) infer.sample("extra", new D.Normal(tensor(0, f64), 1));
    };
    const u = infer.logDensity(switching, { compile: false });
    expect(() => u.logDensityAndGrad(new Float64Array([20]), new Float64Array(1))).toThrow(/latent sites changed.*\[x\].*\[x, extra\]/);
  });
});
