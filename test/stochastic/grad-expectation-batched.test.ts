import { describe, expect, it } from "vitest";
import { distributions as D, gather, mul, ones, random, square, stochastic, sub, sum, tensor, type Tensor } from "../../src/index.js";

/**
 * gradExpectation's "enumerate" and "measureValued" over distributions with a batch of independent
 * coordinates, against closed forms (research notes §5.1, §5.2).
 */

const f64 = { dtype: "float64" } as const;
const N = 20000;
const arr = (t: Tensor): number[] => t.toArray() as number[];
/** Coordinate i of each draw: shape [n]. */
const col = (x: Tensor, i: number): Tensor => gather(x, [i], -1).reshape([-1]);

/** |got − exact| ≤ 5·stderr per coordinate (exact to 1e-10 where the estimator has zero variance). */
function within(got: Tensor, se: Tensor, exact: number[]): void {
  const g = arr(got);
  const s = arr(se);
  exact.forEach((e, i) => {
    if (s[i] === 0) expect(g[i]).toBeCloseTo(e, 10);
    else expect(Math.abs(g[i]! - e)).toBeLessThanOrEqual(5 * s[i]!);
  });
}

describe("gradExpectation enumerate: batch shapes", () => {
  // T-SCG-2: b_i ∼ Bern(σ(η)), i = 1..3, shared η = −4; cost Σ (b_i − p_i)².
  const p = tensor([0.6, 0.51, 0.48], f64);
  const shared = (q: { eta: Tensor }): D.Distribution => new D.Bernoulli({ logits: mul(q.eta, ones([3], f64)) });
  const eta = (): { eta: Tensor } => ({ eta: tensor(-4, f64) });

  it("per-element costs [k, 3] are enumerated in parallel (T-SCG-2's exact values)", () => {
    const r = stochastic.gradExpectation((x) => square(sub(x, p)), shared, eta(), { estimator: "enumerate" });
    expect(r.value.item()).toBeCloseTo(0.847262482207, 11);
    expect(r.grad.eta.item()).toBeCloseTo(-3.179287118392e-3, 13);
    expect(r.stderr.eta.item()).toBe(0);
    expect(r.biased).toBe(false);
  });

  it("per-element costs with a parameter per element: T-SCG-1's dE/dp_b = 1 − 2t_b for each b", () => {
    const t = [0.45, 0.1, 0.8];
    const probs = [0.2, 0.5, 0.9];
    const r = stochastic.gradExpectation((x) => square(sub(x, tensor(t, f64))), (q: Tensor) => new D.Bernoulli({ probs: q }), tensor(probs, f64), { estimator: "enumerate" });
    arr(r.grad).forEach((g, b) => expect(g).toBeCloseTo(1 - 2 * t[b]!, 12));
    const value = probs.reduce((s, p, b) => s + p * (1 - t[b]!) ** 2 + (1 - p) * t[b]! ** 2, 0);
    expect(r.value.item()).toBeCloseTo(value, 12);
  });

  it("one cost per row enumerates the joint support (same exact values)", () => {
    const calls: number[][] = [];
    const r = stochastic.gradExpectation((x) => (calls.push([...x.shape]), sum(square(sub(x, p)), -1)), shared, eta(), { estimator: "enumerate" });
    expect(r.value.item()).toBeCloseTo(0.847262482207, 11);
    expect(r.grad.eta.item()).toBeCloseTo(-3.179287118392e-3, 13);
    expect(calls).toContainEqual([8, 3]);
  });

  it("a non-separable f (x₀x₁x₂) is exact through the joint support", () => {
    const probs = [0.2, 0.5, 0.7];
    const r = stochastic.gradExpectation((x) => mul(mul(col(x, 0), col(x, 1)), col(x, 2)), (q: Tensor) => new D.Bernoulli({ probs: q }), tensor(probs, f64), { estimator: "enumerate" });
    expect(r.value.item()).toBeCloseTo(0.07, 12);
    // ∂/∂p_j Π p_i = Π_{i≠j} p_i.
    arr(r.grad).forEach((g, j) => expect(g).toBeCloseTo(0.07 / probs[j]!, 12));
  });

  it("OneHotCategorical with batch [2]: ∂/∂logit_{b,j} = p_{b,j}(c_{b,j} − E_b c)", () => {
    const probs = [[0.2, 0.5, 0.3], [0.6, 0.1, 0.3]];
    const cost = [[3, -1, 2], [0.5, 4, -2]];
    const r = stochastic.gradExpectation((x) => sum(mul(x, tensor(cost, f64)), -1), (q: Tensor) => new D.OneHotCategorical({ logits: q }), tensor(probs.map((r) => r.map(Math.log)), f64), { estimator: "enumerate" });
    const g = r.grad.toArray() as number[][];
    let value = 0;
    probs.forEach((pb, b) => {
      const e = pb.reduce((s, pj, j) => s + pj * cost[b]![j]!, 0);
      value += e;
      pb.forEach((pj, j) => expect(g[b]![j]).toBeCloseTo(pj * (cost[b]![j]! - e), 12));
    });
    expect(r.value.item()).toBeCloseTo(value, 12);
  });

  it("a joint support above the limit is a clear error", () => {
    const big = (q: Tensor): D.Distribution => new D.Bernoulli({ probs: q });
    expect(() => stochastic.gradExpectation((x) => sum(x, -1), big, tensor(new Array(17).fill(0.5), f64), { estimator: "enumerate" }))
      .toThrow(/gradExpectation: estimator "enumerate" over batch shape \[17\].*not per-element costs of shape \[2, 17\].*2\^17 = 131072.*limit 65536/);
  });
});

describe("gradExpectation measureValued: batch shapes", () => {
  it("Normal [3], separable f = Σ (x − k)²: ∂μ = 2(μ − k), ∂σ = 2σ", () => {
    const mu = [1, 0.5, -1];
    const sigma = [1, 2, 0.5];
    const k = tensor([0, 1, 2], f64);
    const r = stochastic.gradExpectation((x) => square(sub(x, k)), (q: { mu: Tensor; sigma: Tensor }) => new D.Normal(q.mu, q.sigma), { mu: tensor(mu, f64), sigma: tensor(sigma, f64) }, { estimator: "measureValued", samples: N, key: random.key(1) });
    within(r.grad.mu, r.stderr.mu, mu.map((m, i) => 2 * (m - [0, 1, 2][i]!)));
    within(r.grad.sigma, r.stderr.sigma, sigma.map((s) => 2 * s));
    const exactValue = mu.reduce((s, m, i) => s + (m - [0, 1, 2][i]!) ** 2 + sigma[i]! ** 2, 0);
    expect(Math.abs(r.value.item() - exactValue)).toBeLessThan(0.2);
  });

  it("Normal [3], non-separable f = x₀x₁ + x₂²: ∂μ = (μ₁, μ₀, 2μ₂), ∂σ = (0, 0, 2σ₂)", () => {
    const mu = [1, 0.5, -1];
    const sigma = [1, 2, 0.5];
    const f = (x: Tensor): Tensor => mul(col(x, 0), col(x, 1)).add(square(col(x, 2)));
    const r = stochastic.gradExpectation(f, (q: { mu: Tensor; sigma: Tensor }) => new D.Normal(q.mu, q.sigma), { mu: tensor(mu, f64), sigma: tensor(sigma, f64) }, { estimator: "measureValued", samples: N, key: random.key(2) });
    within(r.grad.mu, r.stderr.mu, [mu[1]!, mu[0]!, 2 * mu[2]!]);
    within(r.grad.sigma, r.stderr.sigma, [0, 0, 2 * sigma[2]!]);
  });

  it("a scalar loc broadcast over batch [3] gets the sum of the coordinates' derivatives", () => {
    // E Σ x_i² with x_i ∼ N(μ, 1): ∂μ = 6μ.
    const r = stochastic.gradExpectation((x) => square(x), (q: Tensor) => new D.Normal(mul(q, ones([3], f64)), 1), tensor(0.7, f64), { estimator: "measureValued", samples: N, key: random.key(3) });
    within(r.grad.reshape([1]), r.stderr.reshape([1]), [4.2]);
  });

  it("Poisson [2], f = x₀x₁²: ∂λ₀ = λ₁ + λ₁², ∂λ₁ = λ₀(1 + 2λ₁)", () => {
    const f = (x: Tensor): Tensor => mul(col(x, 0), square(col(x, 1)));
    const r = stochastic.gradExpectation(f, (q: Tensor) => new D.Poisson(q), tensor([2, 3], f64), { estimator: "measureValued", samples: N, key: random.key(4) });
    within(r.grad, r.stderr, [12, 14]);
  });

  it("Bernoulli [3], f = (x₀ + 2x₁ − x₂ + 1)²: against enumerate", () => {
    const f = (x: Tensor): Tensor => square(sum(mul(x, tensor([1, 2, -1], f64)), -1).add(1));
    const bern = (q: Tensor): D.Distribution => new D.Bernoulli({ probs: q });
    const probs = tensor([0.3, 0.6, 0.8], f64);
    const exact = stochastic.gradExpectation(f, bern, probs, { estimator: "enumerate" });
    const r = stochastic.gradExpectation(f, bern, probs, { estimator: "measureValued", samples: N, key: random.key(5) });
    within(r.grad, r.stderr, arr(exact.grad));
    expect(Math.abs(r.value.item() - exact.value.item())).toBeLessThan(0.1);
  });
});
