import { describe, expect, it } from "vitest";
import {
  ArgumentError, add, cast, distributions, grad, mul, random, square, stack, stochastic, sub, sum, tensor, type Tensor,
} from "../../src/index.js";
import { argnums, exact, f64, type Model } from "./objective-exact.js";

const bern = (p: Tensor): distributions.Bernoulli => new distributions.Bernoulli({ probs: p });

/** Per-parameter mean and Monte Carlo standard error of `g(seed)` over seeds 0..n−1. */
function meanSe(g: (seed: number) => number[], n: number): { mean: number[]; se: number[] } {
  const rows = Array.from({ length: n }, (_, s) => g(s));
  const k = rows[0].length;
  const mean = argnums(k).map((j) => rows.reduce((a, r) => a + r[j], 0) / n);
  const se = argnums(k).map((j) => Math.sqrt(rows.reduce((a, r) => a + (r[j] - mean[j]) ** 2, 0) / (n - 1) / n));
  return { mean, se };
}

const nums = (g: unknown): number[] => (Array.isArray(g) ? (g as Tensor[]).map((t) => t.item()) : [(g as Tensor).item()]);

/** The surrogate's gradient for seed s (a fresh key per seed). */
const surrogateGrad = (model: Model, params: Tensor[]) => (s: number): number[] => {
  const f = stochastic.objective(model, { key: random.key(s) });
  return nums(grad((...p: Tensor[]) => f(...p).surrogate, { argnums: argnums(params.length) })(...params));
};

/** Checks the surrogate's gradient is unbiased: within 5 MCSE of the exact gradient by enumeration. */
function expectUnbiased(model: Model, params: Tensor[], n = 400): void {
  const want = nums(grad((...p: Tensor[]) => exact(model, p), { argnums: argnums(params.length) })(...params));
  const { mean, se } = meanSe(surrogateGrad(model, params), n);
  for (let j = 0; j < want.length; j++) {
    expect(se[j]).toBeGreaterThan(0);
    expect(Math.abs(mean[j] - want[j])).toBeLessThanOrEqual(5 * se[j]);
  }
}

// Two levels: x1 ∼ Bern(p); x2 ∼ Bern(q if x1 else 1 − q); costs on both levels.
const twoLevel: Model = (sc, p, q) => {
  const x1 = sc.sample("x1", bern(p), { estimator: "score" });
  sc.cost("a", mul(x1, 2));
  const x2 = sc.sample("x2", bern(add(mul(x1, q), mul(sub(1, x1), sub(1, q)))));
  sc.cost("b", square(add(x1, mul(x2, 3))));
};

// A shared ancestor: z ∼ Categorical(∝ [p, q, 0.5]); two children read z; costs on each child.
const sharedAncestor: Model = (sc, p, q) => {
  const z = sc.sample("z", new distributions.Categorical({ probs: stack([p, q, f64(0.5)]) }));
  const zf = cast(z, "float64");
  const u = sc.sample("u", bern(mul(q, div3(zf))));
  const w = sc.sample("w", bern(sub(1, mul(p, div3(zf)))));
  sc.cost("cu", mul(u, add(zf, 1)));
  sc.cost("cw", mul(w, sub(2, zf)));
  sc.cost("both", mul(u, w));
};
function div3(z: Tensor): Tensor { return mul(add(z, 1), 1 / 3); }

describe("stochastic.objective", () => {
  it("the surrogate's value equals Σ costs, and so does value", () => {
    const r = stochastic.objective(twoLevel, { key: random.key(3) })(f64(0.3), f64(0.8));
    const total = Object.values(r.costs).reduce((a, c) => a + sum(c).item(), 0);
    expect(r.value.item()).toBeCloseTo(total, 12);
    expect(r.surrogate.item()).toBeCloseTo(total, 12);
    expect(Object.keys(r.costs)).toEqual(["a", "b"]);
  });

  it("is unbiased on a two-level Bernoulli graph (enumeration)", () => {
    expectUnbiased(twoLevel, [f64(0.3), f64(0.8)]);
  });

  it("is unbiased on a shared-ancestor Categorical/Bernoulli graph (enumeration)", () => {
    expectUnbiased(sharedAncestor, [f64(0.2), f64(0.6)]);
  });

  it("is unbiased with constant baselines", () => {
    const withBaseline: Model = (sc, p, q) => {
      const x1 = sc.sample("x1", bern(p), { baseline: 4 });
      const x2 = sc.sample("x2", bern(mul(mul(q, add(x1, 1)), 0.5)), { baseline: 2 });
      sc.cost("c", square(add(x1, mul(x2, 3))));
    };
    expectUnbiased(withBaseline, [f64(0.3), f64(0.8)]);
  });

  it("gives a cost recorded before a sample no score term (WebPPL #637)", () => {
    const model: Model = (sc, p) => {
      sc.cost("early", 5);
      const x = sc.sample("x", bern(p));
      sc.cost("late", x);
    };
    const p = 0.3;
    // Deterministic: the gradient is late · score(x) only, never (early + late) · score(x).
    const byOutcome = new Map<number, number>();
    for (let s = 0; byOutcome.size < 2 && s < 100; s++) {
      const f = stochastic.objective(model, { key: random.key(s) });
      const x = f(f64(p)).costs.late.item();
      const g = (grad((t: Tensor) => f(t).surrogate)(f64(p)) as Tensor).item();
      const score = x === 1 ? 1 / p : -1 / (1 - p);
      expect(g).toBeCloseTo(x * score, 12);
      byOutcome.set(x, g);
    }
    expect(byOutcome.size).toBe(2);
    // The estimator's expected value, exactly (over both outcomes): d/dp (5 + p) = 1.
    const expected = p * (byOutcome.get(1) ?? NaN) + (1 - p) * (byOutcome.get(0) ?? NaN);
    expect(expected).toBeCloseTo(1, 12);
    expect((grad((t: Tensor) => exact(model, [t]))(f64(p)) as Tensor).item()).toBeCloseTo(1, 12);
  });

  it("second derivatives are unbiased (DiCE), with and without a baseline", () => {
    for (const baseline of [undefined, 3]) {
      const model: Model = (sc, p) => {
        const x = sc.sample("x", bern(p), baseline === undefined ? {} : { baseline });
        sc.cost("c", square(add(x, p)));
      };
      const p = f64(0.35);
      const d2 = (h: (t: Tensor) => Tensor): number => (grad((u: Tensor) => grad(h)(u) as Tensor)(p) as Tensor).item();
      const want = d2((t) => exact(model, [t]));
      expect(want).toBeCloseTo(6, 10); // E = p + 3p²
      const { mean, se } = meanSe((s) => {
        const f = stochastic.objective(model, { key: random.key(s) });
        return [d2((t) => f(t).surrogate)];
      }, 400);
      expect(Math.abs(mean[0] - want)).toBeLessThanOrEqual(5 * se[0]);
    }
  });

  it("a pathwise Normal site: the gradient is the closed form", () => {
    const model: Model = (sc, mu) => {
      const x = sc.sample("x", new distributions.Normal(mu, 1));
      sc.cost("c", square(x));
    };
    const mu = 0.7;
    const { mean, se } = meanSe((s) => {
      const f = stochastic.objective(model, { key: random.key(s) });
      const x = f(f64(mu)).costs.c.item();
      const g = (grad((t: Tensor) => f(t).surrogate)(f64(mu)) as Tensor).item();
      expect(g * g).toBeCloseTo(4 * x, 9); // pathwise: d(x²)/dμ = 2x exactly, no score term
      return [g];
    }, 300);
    expect(Math.abs(mean[0] - 2 * mu)).toBeLessThanOrEqual(5 * se[0]);
  });

  it("eager backward() on the surrogate gives the same gradient as grad", () => {
    const f = stochastic.objective(twoLevel, { key: random.key(5) });
    const p = tensor(0.3, { dtype: "float64", requiresGrad: true });
    const q = tensor(0.8, { dtype: "float64", requiresGrad: true });
    f(p, q).surrogate.backward();
    const want = nums(grad((a: Tensor, b: Tensor) => f(a, b).surrogate, { argnums: [0, 1] })(f64(0.3), f64(0.8)));
    expect(p.grad?.item()).toBeCloseTo(want[0], 12);
    expect(q.grad?.item()).toBeCloseTo(want[1], 12);
  });

  it("errors name objective, sc.sample and sc.cost", () => {
    expect(() => stochastic.objective(3 as unknown as Model)).toThrow(/^objective: model must be a function, got/);
    expect(() => stochastic.objective(twoLevel, { seed: 1 } as never)).toThrow(ArgumentError);
    expect(() => stochastic.objective(twoLevel, { seed: 1 } as never)).toThrow(/^objective: options\.seed must be one of key/);
    expect(() => stochastic.objective((async () => undefined) as never)()).toThrow(/^objective: model must be a synchronous function/);
    const badEst: Model = (sc, p) => { sc.sample("x", bern(p), { estimator: "enumerate" } as never); };
    expect(() => stochastic.objective(badEst)(f64(0.5))).toThrow(/^sc\.sample: options\.estimator must be "pathwise" or "score", got/);
    const dup: Model = (sc, p) => { sc.sample("x", bern(p)); sc.cost("x", 1); };
    expect(() => stochastic.objective(dup)(f64(0.5))).toThrow(/^sc\.cost: name must be unique.*"x"/);
    const notDist: Model = (sc) => { sc.sample("x", { sample: () => 1 } as never); };
    expect(() => stochastic.objective(notDist)()).toThrow(/^sc\.sample: dist must be a Distribution, got/);
    const badCost: Model = (sc) => { sc.cost("c", "high" as never); };
    expect(() => stochastic.objective(badCost)()).toThrow(/^sc\.cost: value must be a number or a numeric tensor, got/);
  });
});
