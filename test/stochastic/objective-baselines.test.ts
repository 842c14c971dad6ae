import { describe, expect, it } from "vitest";
import {
  ArgumentError, ShapeError, add, distributions, grad, manualSeed, mul, random, square, stochastic, sub, sum, tensor, type Tensor,
} from "../../src/index.js";
import type { SampleSiteOptions } from "../../src/stochastic/stochastic-context.js";
import { argnums, exactGrad, expectLowerVariance, expectWithin5Se, f64, moments, nums, surrogateGrad, type Model } from "./objective-exact.js";

const bern = (p: Tensor): distributions.Bernoulli => new distributions.Bernoulli({ probs: p });

/**
 * Two levels with a large cost offset (where baselines matter): x1 ∼ Bern(p), x2 ∼ Bern(q(x1 + 1)/2),
 * cost 10 + (x1 + 3x2)² recorded after both; `o` gives both sites' options.
 */
const twoLevel = (o: SampleSiteOptions): Model => (sc, p, q) => {
  const x1 = sc.sample("x1", bern(p), { estimator: "score", ...o });
  const x2 = sc.sample("x2", bern(mul(mul(q, add(x1, 1)), 0.5)), { estimator: "score", ...o });
  sc.cost("c", add(10, square(add(x1, mul(x2, 3)))));
};
const P = [f64(0.3), f64(0.8)];

/** Gradients of n calls of ONE objective (keyless: the global generator, seeded), so state carries over. */
function repeatedCalls(model: Model, n: number, seed: number): number[][] {
  manualSeed(seed);
  const f = stochastic.objective(model);
  return argnums(n).map(() => nums(grad((...p: Tensor[]) => f(...p).surrogate, { argnums: [0, 1] })(...P)));
}

describe("stochastic.objective baselines", () => {
  const want = exactGrad(twoLevel({}), P);
  const none = moments(argnums(400).map(surrogateGrad(twoLevel({}), P)));

  it("no baseline: the reference (unbiased, large variance from the offset)", () => {
    expectWithin5Se(none, want);
  });

  it("a constant baseline: unbiased and lower variance", () => {
    const m = moments(argnums(400).map(surrogateGrad(twoLevel({ baseline: 12 }), P)));
    expectWithin5Se(m, want);
    expectLowerVariance(m, none, 0);
    expectLowerVariance(m, none, 1);
  });

  it('"movingAverage": unbiased and lower variance (state kept across calls of one objective)', () => {
    const m = moments(repeatedCalls(twoLevel({ baseline: "movingAverage" }), 400, 11));
    expectWithin5Se(m, want);
    expectLowerVariance(m, none, 0);
    expectLowerVariance(m, none, 1);
    // A faster decay gives the same mean.
    expectWithin5Se(moments(repeatedCalls(twoLevel({ baseline: "movingAverage", decay: 0.5 }), 400, 12)), want);
  });

  it('"movingAverage": the first call has no baseline; later calls use the average of earlier costs only', () => {
    // One site, cost c = 10 + x: the gradient is (c − b)·score with b the average of earlier calls' c.
    const model: Model = (sc, p) => { sc.cost("c", add(10, sc.sample("x", bern(p), { baseline: "movingAverage", decay: 0.5 }))); };
    manualSeed(3);
    const f = stochastic.objective(model);
    let avg: number | undefined;
    for (let t = 0; t < 6; t++) {
      let c = NaN;
      const g = (grad((p: Tensor) => { const r = f(p); c = r.value.item(); return r.surrogate; })(f64(0.4)) as Tensor).item();
      const score = c === 11 ? 1 / 0.4 : -1 / 0.6;
      expect(g).toBeCloseTo((c - (avg ?? 0)) * score, 12);
      avg = avg === undefined ? c : 0.5 * avg + 0.5 * c;
    }
  });

  it('"leaveOneOut" over 4 particles: unbiased and lower variance than per-sample credit alone', () => {
    // x ∼ Bern(p) four times; cost_i = (10 + 3x_i)/4 per particle, so E[Σ cost] = 10 + 3p.
    const particles = (o: SampleSiteOptions): Model => (sc, p) => {
      const x = sc.sample("x", bern(p), { samples: 4, perSample: true, ...o });
      sc.cost("c", mul(add(10, mul(x, 3)), 0.25));
    };
    const p = [f64(0.3)];
    expect(exactGrad(particles({}), p)[0]).toBeCloseTo(3, 12);
    const plain = moments(argnums(300).map(surrogateGrad(particles({}), p)));
    const loo = moments(argnums(300).map(surrogateGrad(particles({ baseline: "leaveOneOut" }), p)));
    expectWithin5Se(plain, [3]);
    expectWithin5Se(loo, [3]);
    expectLowerVariance(loo, plain);
  });

  it('"leaveOneOut": particle i\'s baseline is the mean of the other particles\' costs', () => {
    const model: Model = (sc, p) => { sc.cost("c", sc.sample("x", bern(p), { samples: 3, perSample: true, baseline: "leaveOneOut" })); };
    for (let s = 0; s < 5; s++) {
      const f = stochastic.objective(model, { key: random.key(s) });
      const x = f(f64(0.4)).costs.c.toArray() as number[];
      const g = (grad((p: Tensor) => f(p).surrogate)(f64(0.4)) as Tensor).item();
      const want = x.reduce((a, xi) => a + (xi - (x[0] + x[1] + x[2] - xi) / 2) * (xi === 1 ? 1 / 0.4 : -1 / 0.6), 0);
      expect(g).toBeCloseTo(want, 12);
    }
  });

  it("a learned baseline (a Tensor): unbiased, detached in the surrogate, trained by baselineLoss", () => {
    // b = 10·w, e.g. a one-weight network's output; w is an input like p and q.
    const learned: Model = (sc, p, q, w) => twoLevel({ baseline: mul(w, 10) })(sc, p, q);
    const params = [...P, f64(1.1)];
    const rows = argnums(400).map(surrogateGrad(learned, params));
    const m = moments(rows);
    expectWithin5Se({ mean: m.mean.slice(0, 2), se: m.se.slice(0, 2) }, want);
    expectLowerVariance(m, none, 0);
    for (const r of rows) expect(r[2]).toBe(0); // the surrogate does not train the baseline
    // baselineLoss = Σ_sites (b − Q)², Q the site's downstream cost (here the one cost c for both).
    const f = stochastic.objective(learned, { key: random.key(1) });
    const r = f(...params);
    const c = r.value.item();
    expect(r.baselineLoss.item()).toBeCloseTo(2 * (11 - c) ** 2, 10);
    const dw = (grad((w: Tensor) => f(P[0], P[1], w).baselineLoss)(f64(1.1)) as Tensor).item();
    expect(dw).toBeCloseTo(2 * 2 * (11 - c) * 10, 9);
    // Without learned baselines the loss is 0.
    expect(stochastic.objective(twoLevel({ baseline: 3 }), { key: random.key(1) })(...P).baselineLoss.item()).toBe(0);
  });

  it("a learned per-sample baseline (shape [n]) at a perSample site: b_i pairs with particle i", () => {
    const b = tensor([0.5, 2, -1], { dtype: "float64" });
    const model: Model = (sc, p) => { sc.cost("c", mul(sc.sample("x", bern(p), { samples: 3, perSample: true, baseline: b }), 2)); };
    for (let s = 0; s < 5; s++) {
      const f = stochastic.objective(model, { key: random.key(s) });
      const r = f(f64(0.4));
      const c = r.costs.c.toArray() as number[];
      const bs = b.toArray() as number[];
      const g = (grad((p: Tensor) => f(p).surrogate)(f64(0.4)) as Tensor).item();
      expect(g).toBeCloseTo(c.reduce((a, ci, i) => a + (ci - bs[i]) * (ci === 2 ? 1 / 0.4 : -1 / 0.6), 0), 12);
      expect(r.baselineLoss.item()).toBeCloseTo(c.reduce((a, ci, i) => a + (bs[i] - ci) ** 2, 0), 12);
    }
  });

  it("a learned baseline trained by baselineLoss approaches E[downstream cost]", () => {
    // x ∼ Bern(0.3), cost 10 + 3x: E = 10.9. Plain SGD on w with the sum of baselineLoss over calls.
    const model: Model = (sc, p, w) => { sc.cost("c", add(10, mul(sc.sample("x", bern(p), { baseline: w }), 3))); };
    manualSeed(5);
    const f = stochastic.objective(model);
    let w = 0;
    const lr = 0.01;
    const tail: number[] = [];
    for (let t = 0; t < 1500; t++) {
      w -= lr * (grad((u: Tensor) => f(f64(0.3), u).baselineLoss, { argnums: 0 })(f64(w)) as Tensor).item();
      if (t >= 500) tail.push(w);
    }
    // w follows w ← w − 2·lr·(w − c): an average of the costs with weight 0.02, stationary sd ≈ 0.14
    // and correlation time ≈ 50 steps, so the tail mean's standard error is ≈ 0.14/√(1000/100) ≈ 0.045.
    const mean = tail.reduce((a, v) => a + v, 0) / tail.length;
    expect(Math.abs(mean - 10.9)).toBeLessThan(5 * 0.045);
  });

  it("errors name sc.sample, the option, what was expected and what was given", () => {
    const run = (o: unknown, dist: distributions.Distribution = bern(f64(0.5))): unknown =>
      stochastic.objective((sc) => { sc.sample("x", dist, o as SampleSiteOptions); })();
    expect(() => run({ baseline: "mean" })).toThrow(/^sc\.sample: options\.baseline must be a finite number, a Tensor \(a learned baseline\), "movingAverage" or "leaveOneOut", got the string "mean"/);
    expect(() => run({ baseline: NaN })).toThrow(/^sc\.sample: options\.baseline must be a finite number, got the number NaN/);
    expect(() => run({ baseline: 1, decay: 0.5 })).toThrow(/^sc\.sample: options\.decay must be omitted unless baseline is "movingAverage", got the number 0\.5/);
    expect(() => run({ baseline: "movingAverage", decay: 1 })).toThrow(/^sc\.sample: options\.decay must be a number in \[0, 1\), got the number 1/);
    expect(() => run({ baseline: "movingAverage", decay: -0.1 })).toThrow(ArgumentError);
    expect(() => run({ baseline: "leaveOneOut", samples: 4 })).toThrow(/^sc\.sample: options\.perSample must be true with baseline "leaveOneOut".*got undefined/);
    expect(() => run({ baseline: "leaveOneOut", samples: 1, perSample: true })).toThrow(ShapeError);
    expect(() => run({ baseline: "leaveOneOut", samples: 1, perSample: true })).toThrow(/^sc\.sample: baseline "leaveOneOut" needs at least 2 samples along the leading axis, got 1/);
    expect(() => run({ baseline: tensor([1, 2], { dtype: "float64" }) })).toThrow(/^sc\.sample: options\.baseline \(a learned baseline\) must have shape \[\], got shape \[2\]/);
    expect(() => run({ baseline: tensor([1, 2, 3], { dtype: "float64" }), samples: 2, perSample: true })).toThrow(/must have shape \[\] or \[2\] \(one per sample\), got shape \[3\]/);
    expect(() => run({ baseline: 1 }, new distributions.Normal(0, 1))).toThrow(/^sc\.sample: options\.baseline must be used only at score-function sites \(pass estimator: "score"\); site "x" is pathwise, got the number 1/);
    expect(() => run({ samples: 0 })).toThrow(/^sc\.sample: options\.samples must be an integer ≥ 1, got the number 0/);
    expect(() => run({ perSample: "yes" })).toThrow(/^sc\.sample: options\.perSample must be a boolean, got the string "yes"/);
    expect(() => run({ perSample: true })).toThrow(/^sc\.sample: options\.perSample credits along the leading axis, which must be a sample axis \(options\.samples\) or a batch axis; site "x" has batch shape \[\] and event shape \[\]/);
    expect(() => stochastic.objective(twoLevel({ baseline: "movingAverage" }), { key: random.key(0) })(...P))
      .toThrow(/^sc\.sample: options\.baseline must be a constant, a Tensor or "leaveOneOut" when objective has a fixed key \(every call redraws the same samples.*got the string "movingAverage"/);
    expect(() => run({ baselin: 1 })).toThrow(/^sc\.sample: options\.baselin must be one of estimator, baseline, decay, samples, perSample, dependsOn/);
  });

  it("eager backward() on the surrogate and on baselineLoss", () => {
    const learned: Model = (sc, p, q, w) => twoLevel({ baseline: mul(w, 10) })(sc, p, q);
    const f = stochastic.objective(learned, { key: random.key(4) });
    const leaf = (v: number): Tensor => tensor(v, { dtype: "float64", requiresGrad: true });
    const [p, q, w] = [leaf(0.3), leaf(0.8), leaf(1.1)];
    const r = f(p, q, w);
    add(r.surrogate, r.baselineLoss).backward();
    const g = nums(grad((a: Tensor, b: Tensor, c: Tensor) => { const s = f(a, b, c); return add(s.surrogate, s.baselineLoss); }, { argnums: [0, 1, 2] })(P[0], P[1], f64(1.1)));
    expect(p.grad?.item()).toBeCloseTo(g[0], 12);
    expect(q.grad?.item()).toBeCloseTo(g[1], 12);
    expect(w.grad?.item()).toBeCloseTo(g[2], 12);
    expect(sum(sub(r.surrogate, r.value)).item()).toBe(0);
  });
});
