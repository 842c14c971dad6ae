import { describe, expect, it } from "vitest";
import { distributions as D, greater, mul, random, square, stochastic, sum, tensor, type Tensor } from "../../src/index.js";

/**
 * gradExpectation's "relaxed" (Concrete / Gumbel-softmax pathwise) and "straightThrough" estimators.
 * They are biased for E f(x), so the tests check what is true: "relaxed" is unbiased for the
 * *relaxed* objective E f(y) (its gradient computed independently, by quadrature or by the score
 * estimator on the relaxed distribution), straight-through's value is f at the hard sample, and the
 * two share their gradient when f is linear.
 */

const N = 20000;
const f64 = { dtype: "float64" } as const;
const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** d/dη E[sigmoid((η + L)/τ)], L ∼ Logistic(0, 1), by the midpoint rule on [−40, 40] (error < 1e-9). */
function relaxedMeanSlope(eta: number, tau: number): number {
  const h = 1e-3;
  let s = 0;
  for (let l = -40 + h / 2; l < 40; l += h) {
    const y = sigmoid((eta + l) / tau);
    const p = sigmoid(l);
    s += ((y * (1 - y)) / tau) * p * (1 - p);
  }
  return s * h;
}

const etas = [-1, 0.4, 2];
const c = [3, -2, 1.5];
/** f(x) = Σ_b c_b x_b per sample (linear). */
const linear = (x: Tensor): Tensor => sum(mul(x, tensor(c, f64)), -1);
const bern = (p: { logits: Tensor }): D.Distribution => new D.Bernoulli({ logits: p.logits });
const params = (): { logits: Tensor } => ({ logits: tensor(etas, f64) });

describe("gradExpectation: relaxed (Concrete) on Bernoulli", () => {
  for (const tau of [0.5, 1]) {
    it(`linear f, τ = ${tau}: unbiased for the relaxed objective's gradient (quadrature), biased for the discrete one`, () => {
      const r = stochastic.gradExpectation(linear, bern, params(), { estimator: "relaxed", temperature: tau, samples: N, key: random.key(11) });
      const g = r.grad.logits.toArray() as number[];
      const se = r.stderr.logits.toArray() as number[];
      expect(r.biased).toBe(true);
      etas.forEach((eta, b) => {
        const relaxedExact = c[b]! * relaxedMeanSlope(eta, tau);
        expect(se[b]).toBeGreaterThan(0);
        expect(Math.abs(g[b]! - relaxedExact)).toBeLessThanOrEqual(5 * se[b]!);
      });
      // At η = 0.4 the relaxation's slope (0.209 at τ = ½, 0.164 at τ = 1) is far from the discrete σ′(η) = 0.240.
      const discrete = c[1]! * sigmoid(0.4) * (1 - sigmoid(0.4));
      expect(Math.abs(g[1]! - discrete)).toBeGreaterThan(10 * se[1]!);
    });
  }

  it("as τ → 0 the relaxed gradient's bias for the discrete objective shrinks (here ~τ²) while its variance grows (~1/τ)", () => {
    const eta = 0.4;
    const exact = sigmoid(eta) * (1 - sigmoid(eta));
    const taus = [1, 0.5, 0.2, 0.1];
    const runs = taus.map((tau) => stochastic.gradExpectation((x) => x, bern, { logits: tensor(eta, f64) }, { estimator: "relaxed", temperature: tau, samples: N, key: random.key(13) }));
    runs.forEach((r, i) => {
      const relaxed = relaxedMeanSlope(eta, taus[i]!);
      expect(Math.abs(r.grad.logits.item() - relaxed)).toBeLessThanOrEqual(5 * r.stderr.logits.item());
      if (i > 0) {
        expect(Math.abs(relaxed - exact)).toBeLessThan(Math.abs(relaxedMeanSlope(eta, taus[i - 1]!) - exact));
        // Exact per-sample variances (quadrature): 0.0057, 0.031, 0.14, 0.34: each step ≥ 2.4×.
        expect(r.variance.logits.item()).toBeGreaterThan(1.5 * runs[i - 1]!.variance.logits.item());
      }
    });
    expect(Math.abs(relaxedMeanSlope(eta, 0.1) - exact)).toBeLessThan(0.002);
  });

  it("the default temperature is 2/3 and a probs parameter differentiates through the logit", () => {
    const p = 0.6;
    const r = stochastic.gradExpectation((x) => mul(x, 2), (q: Tensor) => new D.Bernoulli({ probs: q }), tensor(p, f64), { estimator: "relaxed", samples: N, key: random.key(3) });
    const eta = Math.log(p / (1 - p));
    // dE/dp = dE/dη · dη/dp with dη/dp = 1/(p(1 − p)).
    const exact = (2 * relaxedMeanSlope(eta, 2 / 3)) / (p * (1 - p));
    expect(Math.abs(r.grad.item() - exact)).toBeLessThanOrEqual(5 * r.stderr.item());
  });

  it("variance is the per-sample variance of c·y(1 − y)/τ, the pathwise derivative at each relaxed sample y (same key)", () => {
    const n = 400;
    const tau = 0.5;
    const r = stochastic.gradExpectation(linear, bern, params(), { estimator: "relaxed", temperature: tau, samples: n, key: random.key(12) });
    const y = new D.RelaxedBernoulli(tau, { logits: tensor(etas, f64) }).rsample([n], random.key(12)).toArray() as number[][];
    const v = r.variance.logits.toArray() as number[];
    const g = r.grad.logits.toArray() as number[];
    c.forEach((cb, b) => {
      const per = y.map((row) => (cb * row[b]! * (1 - row[b]!)) / tau);
      const m = per.reduce((s, u) => s + u, 0) / n;
      expect(g[b]).toBeCloseTo(m, 12);
      expect(v[b]).toBeCloseTo(per.reduce((s, u) => s + (u - m) ** 2, 0) / (n - 1), 12);
    });
  });

  it("float32 parameters and a OneHotCategorical batch give finite gradients of the parameters' shape", () => {
    const r = stochastic.gradExpectation((x) => sum(x, -1), (q: Tensor) => new D.Bernoulli({ logits: q }), tensor([0.5, -1]), { estimator: "relaxed", samples: 50, key: random.key(1) });
    expect(r.grad.dtype).toBe("float32");
    (r.grad.toArray() as number[]).forEach((v) => expect(Number.isFinite(v)).toBe(true));
    const oh = (q: Tensor): D.Distribution => new D.OneHotCategorical({ logits: q });
    const w = tensor([[1, 2, 3], [-1, 0, 4]], f64);
    for (const estimator of ["relaxed", "straightThrough"] as const) {
      const s = stochastic.gradExpectation((x) => square(sum(mul(x, w), [-2, -1])), oh, tensor([[0, 1, 2], [2, 0, -1]], f64), { estimator, samples: 100, key: random.key(2) });
      expect(s.grad.shape).toEqual([2, 3]);
      (s.grad.toArray() as number[][]).flat().forEach((v) => expect(Number.isFinite(v)).toBe(true));
    }
  });

  it("stderr is √(variance / samples) and gradients are finite", () => {
    const r = stochastic.gradExpectation((x) => square(sum(x, -1)), bern, params(), { estimator: "relaxed", samples: 500, key: random.key(4) });
    const v = r.variance.logits.toArray() as number[];
    const se = r.stderr.logits.toArray() as number[];
    (r.grad.logits.toArray() as number[]).forEach((g, b) => {
      expect(Number.isFinite(g)).toBe(true);
      expect(v[b]).toBeGreaterThan(0);
      expect(se[b]).toBeCloseTo(Math.sqrt(v[b]! / 500), 12);
    });
  });
});

describe("gradExpectation: relaxed (Gumbel-softmax) on OneHotCategorical", () => {
  const cost = tensor([1, -2, 0.5], f64);
  /** A nonlinear f of the one-hot (or relaxed) vector: (c·x)². */
  const f = (x: Tensor): Tensor => square(sum(mul(x, cost), -1));
  const logits = (): { logits: Tensor } => ({ logits: tensor([0.2, 0.5, 0.3].map(Math.log), f64) });
  it("agrees with the score estimator on RelaxedOneHotCategorical (both unbiased for the relaxed objective)", () => {
    const tau = 0.5;
    const a = stochastic.gradExpectation(f, (p: { logits: Tensor }) => new D.OneHotCategorical({ logits: p.logits }), logits(), { estimator: "relaxed", temperature: tau, samples: N, key: random.key(5) });
    const b = stochastic.gradExpectation(f, (p: { logits: Tensor }) => new D.RelaxedOneHotCategorical(tau, { logits: p.logits }), logits(), { estimator: "score", samples: 4 * N, key: random.key(6) });
    const ga = a.grad.logits.toArray() as number[];
    const gb = b.grad.logits.toArray() as number[];
    const sa = a.stderr.logits.toArray() as number[];
    const sb = b.stderr.logits.toArray() as number[];
    ga.forEach((g, j) => expect(Math.abs(g - gb[j]!)).toBeLessThanOrEqual(5 * Math.hypot(sa[j]!, sb[j]!)));
    expect(Math.abs(a.value.item() - b.value.item())).toBeLessThan(0.05);
  });
});

describe("gradExpectation: straightThrough", () => {
  it("Bernoulli: the value is f at the hard sample (the relaxed sample thresholded at ½), an exact draw", () => {
    const tau = 0.7;
    const f = (x: Tensor): Tensor => square(sum(mul(x, tensor(c, f64)), -1));
    const r = stochastic.gradExpectation(f, bern, params(), { estimator: "straightThrough", temperature: tau, samples: N, key: random.key(8) });
    const soft = new D.RelaxedBernoulli(tau, { logits: tensor(etas, f64) }).rsample([N], random.key(8));
    const costs = f(greater(soft, 0.5).cast("float64")).toArray() as number[];
    const mean = costs.reduce((s, v) => s + v, 0) / N;
    expect(r.value.item()).toBeCloseTo(mean, 10);
    // The hard sample is Bernoulli(σ(η)) (Gumbel-max), so the value is unbiased for the discrete E f.
    const p = etas.map(sigmoid);
    let exact = 0;
    for (let m = 0; m < 8; m++) {
      const x = [0, 1, 2].map((b) => (m >> b) & 1);
      const w = x.reduce((acc, xb, b) => acc * (xb ? p[b]! : 1 - p[b]!), 1);
      exact += w * x.reduce((acc, xb, b) => acc + c[b]! * xb, 0) ** 2;
    }
    const sd = Math.sqrt(costs.reduce((s, v) => s + (v - mean) ** 2, 0) / (N - 1));
    expect(Math.abs(mean - exact)).toBeLessThanOrEqual((5 * sd) / Math.sqrt(N));
    expect(r.biased).toBe(true);
    (r.grad.logits.toArray() as number[]).forEach((g) => expect(Number.isFinite(g)).toBe(true));
  });

  it("with linear f, the gradient is the relaxed estimator's, sample by sample (same key)", () => {
    const a = stochastic.gradExpectation(linear, bern, params(), { estimator: "straightThrough", temperature: 0.5, samples: 300, key: random.key(9) });
    const b = stochastic.gradExpectation(linear, bern, params(), { estimator: "relaxed", temperature: 0.5, samples: 300, key: random.key(9) });
    const gb = b.grad.logits.toArray() as number[];
    const vb = b.variance.logits.toArray() as number[];
    (a.grad.logits.toArray() as number[]).forEach((g, j) => expect(g).toBeCloseTo(gb[j]!, 12));
    (a.variance.logits.toArray() as number[]).forEach((v, j) => expect(v).toBeCloseTo(vb[j]!, 12));
    expect(a.value.item()).not.toBeCloseTo(b.value.item(), 6);
  });

  it("OneHotCategorical: the value is f at a one-hot vector (the argmax of the relaxed sample)", () => {
    const seen: number[][] = [];
    const f = (x: Tensor): Tensor => {
      const rows = x.toArray() as number[][];
      if (seen.length === 0) seen.push(...rows);
      return sum(mul(x, tensor([1, 10, 100], f64)), -1);
    };
    const r = stochastic.gradExpectation(f, (p: { logits: Tensor }) => new D.OneHotCategorical({ logits: p.logits }), { logits: tensor([0.1, 0.2, 0.3], f64) }, { estimator: "straightThrough", samples: 200, key: random.key(10) });
    for (const row of seen) expect([...row].sort((u, v) => u - v)).toEqual([0, 0, 1]);
    const v = r.value.item();
    const mean = seen.reduce((s, row) => s + row[0]! + 10 * row[1]! + 100 * row[2]!, 0) / seen.length;
    expect(v).toBeCloseTo(mean, 10);
    (r.grad.logits.toArray() as number[]).forEach((g) => expect(Number.isFinite(g)).toBe(true));
  });
});

describe("gradExpectation: relaxed and straightThrough errors", () => {
  it("a non-discrete distribution names the estimators that apply", () => {
    const normal = (p: Tensor): D.Distribution => new D.Normal(p, 1);
    expect(() => stochastic.gradExpectation((x) => x, normal, tensor(0, f64), { estimator: "relaxed" }))
      .toThrow(/gradExpectation: estimator "relaxed" needs a Bernoulli or OneHotCategorical.*Normal.*"pathwise", "score", "leaveOneOut", "measureValued"/);
  });
  it("Categorical points to OneHotCategorical", () => {
    const cat = (p: Tensor): D.Distribution => new D.Categorical({ logits: p });
    expect(() => stochastic.gradExpectation((x) => x, cat, tensor([0, 0], f64), { estimator: "straightThrough" }))
      .toThrow(/gradExpectation: estimator "straightThrough".*Categorical.*use OneHotCategorical/);
  });
  it("temperature must be positive and only goes with the relaxed estimators", () => {
    const p = { logits: tensor([0], f64) };
    expect(() => stochastic.gradExpectation(linear, bern, p, { estimator: "relaxed", temperature: 0 })).toThrow(/gradExpectation.*options\.temperature.*> 0.*0/);
    expect(() => stochastic.gradExpectation(linear, bern, p, { estimator: "score", temperature: 0.5 })).toThrow(/gradExpectation.*options\.temperature.*"score"/);
  });
  it("the Bernoulli pathwise error now lists the relaxed estimators too", () => {
    expect(() => stochastic.gradExpectation(linear, bern, params(), { estimator: "pathwise" })).toThrow(/"relaxed", "straightThrough"/);
  });
});
