import { describe, expect, it } from "vitest";
import { distributions as D, random, tensor, type Tensor } from "../../src/index.js";

const f64 = (x: number | number[] | number[][]): Tensor => tensor(x as number[], { dtype: "float64" });
const key = random.key(9);
const N = 20000;

describe("OneHotCategorical", () => {
  it("one-hot samples with the right frequencies; logProb, entropy and moments from the categorical", () => {
    const d = new D.OneHotCategorical({ probs: f64([0.2, 0.3, 0.5]) });
    expect(d.eventShape).toEqual([3]);
    const s = d.sample([N], key);
    expect(s.shape).toEqual([N, 3]);
    const m = s.mean(0).data();
    [0.2, 0.3, 0.5].forEach((p, i) => expect(Math.abs(m[i]! - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / N)));
    expect(d.logProb(f64([0, 0, 1])).item()).toBeCloseTo(Math.log(0.5), 12);
    expect(d.entropy().item()).toBeCloseTo(-(0.2 * Math.log(0.2) + 0.3 * Math.log(0.3) + 0.5 * Math.log(0.5)), 12);
    expect(Array.from(d.mode.data())).toEqual([0, 0, 1]);
    expect(() => d.logProb(f64([1, 1, 0]))).toThrow(/OneHotCategorical\.logProb: value must be in the support oneHot, got \[1, 1, 0\]/);
    expect(new D.OneHotCategorical({ probs: f64([0.2, 0.8]), validateArgs: false }).logProb(f64([1, 1])).item()).toBe(-Infinity);
  });
});

describe("MixtureSameFamily", () => {
  const mix = (): D.MixtureSameFamily =>
    new D.MixtureSameFamily(new D.Categorical({ probs: f64([0.3, 0.7]) }), new D.Normal(f64([-1, 2]), f64([0.5, 1])));

  it("logProb is the log of the weighted component densities", () => {
    const x = 0.4;
    const phi = (z: number, m: number, s: number): number => Math.exp(-0.5 * ((z - m) / s) ** 2) / (s * Math.sqrt(2 * Math.PI));
    expect(mix().logProb(f64(x)).item()).toBeCloseTo(Math.log(0.3 * phi(x, -1, 0.5) + 0.7 * phi(x, 2, 1)), 12);
  });

  it("mean and variance by the law of total variance; sample moments within 5 MCSE", () => {
    const d = mix();
    const mean = 0.3 * -1 + 0.7 * 2;
    const variance = 0.3 * 0.25 + 0.7 * 1 + 0.3 * (-1 - mean) ** 2 + 0.7 * (2 - mean) ** 2;
    expect(d.mean.item()).toBeCloseTo(mean, 12);
    expect(d.variance.item()).toBeCloseTo(variance, 12);
    const s = Array.from(d.sample([N], key).data());
    const m = s.reduce((a, b) => a + b, 0) / N;
    expect(Math.abs(m - mean)).toBeLessThan(5 * Math.sqrt(variance / N));
    expect(d.hasRsample).toBe(false);
  });

  it("vector components (event shape [2]) and shape errors", () => {
    const comps = new D.Independent(new D.Normal(f64([[0, 0], [3, 3]]), f64(1)), 1);
    const d = new D.MixtureSameFamily(new D.Categorical({ logits: f64([0, 0]) }), comps);
    expect(d.eventShape).toEqual([2]);
    expect(d.sample([5], key).shape).toEqual([5, 2]);
    expect(Array.from(d.mean.data())).toEqual([1.5, 1.5]);
    expect(d.logProb(f64([[0, 0], [3, 3]])).shape).toEqual([2]);
    expect(() => new D.MixtureSameFamily(new D.Categorical({ probs: f64([0.5, 0.5]) }), new D.Normal(f64([0, 1, 2]), 1)))
      .toThrow(/MixtureSameFamily: componentDistribution's batch shape must be the mixture's batch shape plus \[2\], got \[3\]/);
  });
});

describe("enumerateSupport", () => {
  it("lists a finite support on a new leading axis, expanded over the batch or not; probabilities sum to 1 over it", () => {
    const b = new D.Bernoulli({ probs: f64([0.2, 0.7, 1]) });
    const vb = b.enumerateSupport();
    expect(vb.shape).toEqual([2, 3]);
    expect(b.enumerateSupport(false).shape).toEqual([2, 1]);
    expect(Array.from(b.logProb(vb).exp().sum(0).data()).map((v) => +v.toFixed(12))).toEqual([1, 1, 1]);
    const c = new D.Categorical({ logits: f64([[0, 1, 2], [1, 1, 1]]) });
    const vc = c.enumerateSupport();
    expect(vc.shape).toEqual([3, 2]);
    expect(Array.from(c.logProb(vc).exp().sum(0).data()).map((v) => +v.toFixed(12))).toEqual([1, 1]);
    const bin = new D.Binomial(f64([4, 4]), { probs: f64([0.3, 0.9]) });
    expect(bin.enumerateSupport().shape).toEqual([5, 2]);
    expect(Array.from(bin.logProb(bin.enumerateSupport()).exp().sum(0).data()).map((v) => +v.toFixed(12))).toEqual([1, 1]);
    expect(() => new D.Binomial(f64([3, 4]), { probs: 0.5 }).enumerateSupport()).toThrow(/Binomial\.enumerateSupport: every totalCount must be equal, got 3, 4/);
    const oh = new D.OneHotCategorical({ probs: f64([0.5, 0.5]) });
    expect(oh.enumerateSupport().toArray()).toEqual([[1, 0], [0, 1]]);
    expect(() => new D.Normal(0, 1).enumerateSupport()).toThrow(/Normal\.enumerateSupport: not available for Normal/);
    expect(new D.Independent(new D.Bernoulli({ probs: f64([0.5]) }), 0).enumerateSupport().shape).toEqual([2, 1]);
  });
});
