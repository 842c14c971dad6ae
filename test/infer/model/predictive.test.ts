import { describe, expect, it } from "vitest";
import { add, ArgumentError, distributions as D, infer, mean, random, reshape, sub, tensor, type Tensor } from "../../../src/index.js";

const f64 = { dtype: "float64" } as const;
const data = tensor([0.5, 1.5, -0.2], f64);
/** mu ~ N(0, 1); y[3] ~ N(mu, 1) (observed); shifted = mu + 10. */
const model = (y: Tensor): void => {
  const mu = infer.sample("mu", new D.Normal(tensor(0, f64), 1));
  infer.deterministic("shifted", add(mu, 10));
  infer.plate("N", 3, () => infer.sample("y", new D.Normal(mu, 1), { obs: y }));
};
const col = (t: Tensor, j: number): number[] => (t.toArray() as number[][]).map((r) => r[j]!);
const avg = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const cov = (a: number[], b: number[]): number => {
  const ma = avg(a);
  const mb = avg(b);
  return a.reduce((s, x, i) => s + (x - ma) * (b[i]! - mb), 0) / (a.length - 1);
};

describe("predictive", () => {
  it("prior predictive: every site, replicated data drawn again; moments within 5 Monte Carlo SE", () => {
    const n = 2000;
    const out = infer.predictive(model, { samples: n, args: [data], key: 0 });
    expect(Object.keys(out).sort()).toEqual(["mu", "shifted", "y"]);
    expect(out.mu!.shape).toEqual([n]);
    expect(out.y!.shape).toEqual([n, 3]);
    const mu = out.mu!.toArray() as number[];
    expect(Math.abs(avg(mu))).toBeLessThanOrEqual(5 / Math.sqrt(n)); // sd 1
    expect((out.shifted!.toArray() as number[]).every((s, i) => Math.abs(s - mu[i]! - 10) < 1e-12)).toBe(true);
    // y_j = mu + e_j: Var y_j = 2 (SE of a sample variance ≈ 2·√(2/n)); Cov(y_0, y_1) = 1 (SE ≈ √((4 + 1)/n)).
    const y0 = col(out.y!, 0);
    const y1 = col(out.y!, 1);
    expect(Math.abs(cov(y0, y0) - 2)).toBeLessThanOrEqual(5 * 2 * Math.sqrt(2 / n));
    expect(Math.abs(cov(y0, y1) - 1)).toBeLessThanOrEqual(5 * Math.sqrt(5 / n));
  });

  it("is reproducible from its key, and different keys differ", () => {
    const a = infer.predictive(model, { samples: 5, args: [data], key: random.key(3) });
    const b = infer.predictive(model, { samples: 5, args: [data], key: 3 });
    const c = infer.predictive(model, { samples: 5, args: [data], key: 4 });
    expect(a.y!.toArray()).toEqual(b.y!.toArray());
    expect(a.y!.toArray()).not.toEqual(c.y!.toArray());
  });

  it("posterior predictive from a record of draws: latent sites take the draws, the rest are drawn", () => {
    const n = 1500;
    const muDraws = tensor(Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 4 : -4)), f64);
    const out = infer.predictive(model, { posterior: { mu: muDraws }, args: [data], key: 1 });
    expect(Object.keys(out).sort()).toEqual(["shifted", "y"]);
    expect(out.shifted!.toArray()).toEqual((muDraws.toArray() as number[]).map((m) => m + 10));
    // y − mu ~ N(0, 1) independently of mu.
    const resid = sub(out.y!, reshape(muDraws, [n, 1]));
    expect(Math.abs(mean(resid).item())).toBeLessThanOrEqual(5 / Math.sqrt(3 * n));
    expect(Math.abs(cov(col(resid, 2), col(resid, 2)) - 1)).toBeLessThanOrEqual(5 * Math.sqrt(2 / n));
  });

  it("posterior predictive from a Posterior-like object (draws(name) as [chains, samples, ...])", () => {
    const post = { draws: (name: string): Tensor => (name === "mu" ? tensor([[1, 2], [3, 4]], f64) : tensor([])) };
    const out = infer.predictive(model, { posterior: post, args: [data], key: 2, returnSites: ["shifted", "mu"] });
    expect(out.shifted!.toArray()).toEqual([11, 12, 13, 14]);
    expect(out.mu!.toArray()).toEqual([1, 2, 3, 4]);
  });

  it("with a guide: each draw runs the guide for the latent values", () => {
    const guide = (): void => {
      infer.sample("mu", new D.Normal(tensor(7, f64), 0.01));
    };
    const out = infer.predictive(model, { guide, samples: 200, args: [data], key: 5 });
    expect(Object.keys(out).sort()).toEqual(["shifted", "y"]);
    expect(Math.abs(mean(out.shifted!).item() - 17)).toBeLessThanOrEqual(5 * 0.01 / Math.sqrt(200));
  });

  it("checks its options", () => {
    expect(() => infer.predictive(model, { args: [data] })).toThrow(/options.samples must be the number of draws/);
    expect(() => infer.predictive(model, { posterior: { mu: tensor([1], f64) }, guide: () => 0, args: [data] })).toThrow(ArgumentError);
    expect(() => infer.predictive(model, { posterior: { mu: tensor([1, 2], f64) }, samples: 3, args: [data] })).toThrow(/must equal the number of posterior draws/);
    expect(() => infer.predictive(model, { samples: 2, args: [data], returnSites: ["nope"] })).toThrow(/returnSites must be names of the model's sites/);
  });
});
