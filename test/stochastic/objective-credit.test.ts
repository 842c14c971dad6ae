import { describe, expect, it } from "vitest";
import { add, distributions, mul, random, reshape, slice, square, stack, stochastic, sub, sum, type Tensor } from "../../src/index.js";
import type { CostSiteOptions } from "../../src/stochastic/stochastic-context.js";
import { argnums, exactGrad, expectLowerVariance, expectWithin5Se, f64, moments, surrogateGrad, type Model } from "./objective-exact.js";

const bern = (p: Tensor): distributions.Bernoulli => new distributions.Bernoulli({ probs: p });

/**
 * A plate of three i.i.d. two-level chains: x_i ∼ Bern(p), y_i ∼ Bern(q(x_i + 1)/2); per-chain costs
 * (x_i − t_i)² and 2y_i + x_i·y_i, and one scalar cost 0.5·Σx (summed credit in every case).
 */
const plate = (perSample: boolean): Model => (sc, p, q) => {
  const x = sc.sample("x", bern(p), { estimator: "score", samples: 3, perSample });
  const y = sc.sample("y", bern(mul(mul(q, add(x, 1)), 0.5)), { estimator: "score", perSample });
  sc.cost("cx", add(5, square(sub(x, stack([f64(0.45), f64(0.5), f64(0.55)])))));
  sc.cost("cy", add(add(mul(y, 2), mul(x, y)), 5));
  sc.cost("total", mul(sum(x), 0.5));
};

/** Two independent sites (y declares it) whose costs are recorded after both; `ox`, `oy` declare the costs' dependencies. */
const independent = (ox?: CostSiteOptions, oy?: CostSiteOptions): Model => (sc, p, q) => {
  const x = sc.sample("x", bern(p), { estimator: "score" });
  const y = sc.sample("y", bern(q), { estimator: "score", dependsOn: [] });
  sc.cost("cx", add(40, mul(x, 3)), ox);
  sc.cost("cy", add(40, mul(y, 2)), oy);
};

const P = [f64(0.3), f64(0.7)];

describe("stochastic.objective: per-sample credit (perSample)", () => {
  it("is unbiased on a plate of two-level chains (enumeration) and has lower variance than summed credit", () => {
    const want = exactGrad(plate(false), P);
    expect(exactGrad(plate(true), P)).toEqual(want);
    const summed = moments(argnums(300).map(surrogateGrad(plate(false), P)));
    const per = moments(argnums(300).map(surrogateGrad(plate(true), P)));
    expectWithin5Se(summed, want);
    expectWithin5Se(per, want);
    expectLowerVariance(per, summed, 0);
    expectLowerVariance(per, summed, 1);
  });

  it("per-sample credit along a batch axis: sample i's score is weighted by cost i only", () => {
    // x ∼ Bern([p, q]) (batch [2]); costs [3x₀, 5x₁]: d/dp = 3x₀·score₀ exactly, no 5x₁ term.
    const model: Model = (sc, p, q) => {
      const x = sc.sample("x", bern(stack([p, q])), { estimator: "score", perSample: true });
      sc.cost("c", mul(x, stack([f64(3), f64(5)])));
    };
    for (let s = 0; s < 6; s++) {
      const f = stochastic.objective(model, { key: random.key(s) });
      const [c0, c1] = f(...P).costs.c.toArray() as number[];
      const [gp, gq] = surrogateGrad(model, P)(s);
      // score of Bern(p) at x: 1/p at 1, −1/(1 − p) at 0; cost i = 3x₀ or 5x₁.
      expect(gp).toBeCloseTo(c0 * (c0 === 3 ? 1 / 0.3 : -1 / 0.7), 12);
      expect(gq).toBeCloseTo(c1 * (c1 === 5 ? 1 / 0.7 : -1 / 0.3), 12);
    }
  });

  it("is biased when the promise is broken (cost i depends on sample j): why it is an opt-in", () => {
    // costs [x₁, x₀] swapped: per-sample credit pairs score₀ with x₁, whose mean is 0, not d/dp E = 2.
    const swapped = (perSample: boolean): Model => (sc, p) => {
      const x = sc.sample("x", bern(p), { samples: 2, perSample });
      sc.cost("c", stack([reshape(slice(x, [1], [1]), []), reshape(slice(x, [0], [1]), [])]));
    };
    expect(exactGrad(swapped(false), [P[0]])[0]).toBeCloseTo(2, 12);
    expectWithin5Se(moments(argnums(300).map(surrogateGrad(swapped(false), [P[0]]))), [2]);
    const broken = moments(argnums(300).map(surrogateGrad(swapped(true), [P[0]])));
    expectWithin5Se(broken, [0]);
    expect(Math.abs(broken.mean[0] - 2)).toBeGreaterThan(10 * broken.se[0]);
  });
});

describe("stochastic.objective: declared dependencies (dependsOn)", () => {
  it("is unbiased and has lower variance than call-order credit", () => {
    const want = exactGrad(independent(), P);
    const callOrder = moments(argnums(300).map(surrogateGrad(independent(), P)));
    const declared = independent({ dependsOn: ["x"] }, { dependsOn: ["y"] });
    const m = moments(argnums(300).map(surrogateGrad(declared, P)));
    expectWithin5Se(callOrder, want);
    expectWithin5Se(m, want);
    expectLowerVariance(m, callOrder, 0);
    expectLowerVariance(m, callOrder, 1);
  });

  it("credits only the named sites and their dependencies", () => {
    // y declares no dependencies and z only x; cy names y (credit {y}), cz names z (credit {x, z}).
    const seen: number[] = [];
    const model: Model = (sc, p, q) => {
      const x = sc.sample("x", bern(p), { estimator: "score" });
      const y = sc.sample("y", bern(q), { estimator: "score", dependsOn: [] });
      const z = sc.sample("z", bern(mul(add(x, 1), mul(q, 0.5))), { estimator: "score", dependsOn: ["x"] });
      seen.splice(0, 3, x.item(), y.item(), z.item());
      sc.cost("cy", add(4, mul(y, 2)), { dependsOn: ["y"] });
      sc.cost("cz", add(1, mul(z, 3)), { dependsOn: ["z"] });
      sc.cost("none", 7, { dependsOn: [] });
    };
    const [p, q] = [0.3, 0.7];
    const score = (v: number, prob: number): number => (v === 1 ? 1 / prob : -1 / (1 - prob));
    const outcomes = new Set<string>();
    for (let s = 0; s < 40; s++) {
      const [gp, gq] = surrogateGrad(model, P)(s);
      const [x, y, z] = seen;
      outcomes.add(seen.join());
      const r = 0.5 * q * (x + 1);
      // surrogate = □(ℓy)·cy + □(ℓx + ℓz)·cz + 7.
      expect(gp).toBeCloseTo(score(x, p) * (1 + 3 * z), 12);
      expect(gq).toBeCloseTo(score(y, q) * (4 + 2 * y) + score(z, r) * 0.5 * (x + 1) * (1 + 3 * z), 12);
    }
    expect(outcomes.size).toBeGreaterThanOrEqual(5);
  });

  it("is unbiased with declared dependencies and their closure (enumeration)", () => {
    const model: Model = (sc, p, q) => {
      const x = sc.sample("x", bern(p), { estimator: "score" });
      const y = sc.sample("y", bern(q), { estimator: "score" });
      const z = sc.sample("z", bern(mul(add(x, 1), mul(q, 0.5))), { estimator: "score", dependsOn: ["x"] });
      const w = sc.sample("w", bern(mul(add(add(y, z), 1), mul(p, 1 / 3))), { estimator: "score" }); // default: x, y, z
      sc.cost("cy", mul(y, 2), { dependsOn: ["y"] });
      sc.cost("cz", mul(z, 3), { dependsOn: ["z"] });
      sc.cost("cw", mul(w, add(x, 2)), { dependsOn: ["w", "x"] });
    };
    expectWithin5Se(moments(argnums(400).map(surrogateGrad(model, P))), exactGrad(model, P));
  });

  it("a cost before a sample cannot name it (WebPPL #637); dependsOn: [] gives no score term", () => {
    const before: Model = (sc, p) => {
      sc.cost("early", 5, { dependsOn: ["x"] });
      sc.sample("x", bern(p));
    };
    expect(() => stochastic.objective(before)(P[0])).toThrow(/^sc\.cost: options\.dependsOn\[0\] must be the name of a site drawn before it \(none yet\), got the string "x"/);
    const model: Model = (sc, p) => { sc.cost("c", add(5, sc.sample("x", bern(p))), { dependsOn: [] }); };
    for (let s = 0; s < 3; s++) expect(surrogateGrad(model, [P[0]])(s)[0]).toBe(0);
  });

  it("errors name sc.cost / sc.sample, the option, what was expected and what was given", () => {
    const run = (m: Model): unknown => stochastic.objective(m)(P[0]);
    expect(() => run((sc) => { sc.cost("c", 1, { dependsOn: "x" } as never); })).toThrow(/^sc\.cost: options\.dependsOn must be an array of names of sites drawn before it, got the string "x"/);
    expect(() => run((sc, p) => { sc.sample("x", bern(p)); sc.cost("c0", 1); sc.cost("c", 1, { dependsOn: ["x", "c0"] }); }))
      .toThrow(/^sc\.cost: options\.dependsOn\[1\] must be the name of a site drawn before it \(one of x\), got the string "c0"/);
    expect(() => run((sc, p) => { sc.sample("x", bern(p), { dependsOn: ["y"] }); })).toThrow(/^sc\.sample: options\.dependsOn\[0\] must be the name of a site drawn before it \(none yet\), got the string "y"/);
    expect(() => run((sc) => { sc.cost("c", 1, { after: ["x"] } as never); })).toThrow(/^sc\.cost: options\.after must be one of dependsOn, got/);
    expect(() => run((sc) => { sc.cost("c", 1, 3 as never); })).toThrow(/^sc\.cost: options must be an options object, got the number 3/);
  });
});
