import { describe, expect, it } from "vitest";
import { add, distributions, grad, hessian, hvp, manualSeed, mul, random, square, stochastic, type Tensor } from "../../src/index.js";
import type { SampleSiteOptions } from "../../src/stochastic/stochastic-context.js";
import { argnums, exact, expectLowerVariancePaired, expectWithin5Se, f64, moments, nums, type Model } from "./objective-exact.js";

const bern = (p: Tensor): distributions.Bernoulli => new distributions.Bernoulli({ probs: p });

/** [H_pp, H_pq, H_qq] of a scalar function of (p, q). */
function hess(f: (p: Tensor, q: Tensor) => Tensor, p: Tensor, q: Tensor): number[] {
  const h = hessian(f, { argnums: [0, 1] })(p, q) as unknown as Tensor[][];
  return [h[0][0].item(), h[0][1].item(), h[1][1].item()];
}

/**
 * Two levels, a large offset and a pathwise cost: x1 ∼ Bern(p), x2 ∼ Bern(q(x1 + 1)/2); costs
 * 10 + (x1 + 3x2)² and p·q·(x1 + x2) (differentiable in p and q directly as well).
 */
const twoLevel = (o: SampleSiteOptions): Model => (sc, p, q) => {
  const x1 = sc.sample("x1", bern(p), { estimator: "score", ...o });
  const x2 = sc.sample("x2", bern(mul(mul(q, add(x1, 1)), 0.5)), { estimator: "score", ...o });
  sc.cost("c", add(10, square(add(x1, mul(x2, 3)))));
  sc.cost("d", mul(mul(p, q), add(x1, x2)));
};

/** The same chains as a plate of three particles (each cost divided by 3), per-sample credit. */
const plate = (o: SampleSiteOptions): Model => (sc, p, q) => {
  const x1 = sc.sample("x1", bern(p), { estimator: "score", samples: 3, perSample: true, ...o });
  const x2 = sc.sample("x2", bern(mul(mul(q, add(x1, 1)), 0.5)), { estimator: "score", perSample: true, ...o });
  sc.cost("c", mul(add(10, square(add(x1, mul(x2, 3)))), 1 / 3));
  sc.cost("d", mul(mul(p, q), mul(add(x1, x2), 1 / 3)));
};

const [p0, q0] = [f64(0.3), f64(0.8)];
const exactHessian = (model: Model): number[] => hess((p, q) => exact(model, [p, q]), p0, q0);

/** Hessians of the surrogate of `model` for seeds 0..n−1 (a fresh keyed objective per seed). */
const keyed = (model: Model, n: number): number[][] => argnums(n).map((s) => {
  const f = stochastic.objective(model, { key: random.key(s) });
  return hess((p, q) => f(p, q).surrogate, p0, q0);
});

describe("stochastic.objective: higher-order derivatives with baselines (Loaded DiCE)", () => {
  it("a perfect baseline makes every derivative of the surrogate 0, sample by sample", () => {
    // The cost is the constant 5 and both baselines are 5: the true gradient and Hessian are 0, and
    // with b·magicBox(ancestors)·(1 − magicBox(logp)) the surrogate is the constant 5 exactly (the
    // first-order DiCE term (1 − magicBox(logp))·b leaves 5·score₁·score₂ in the mixed derivative).
    const model: Model = (sc, p, q) => {
      const x1 = sc.sample("x1", bern(p), { baseline: 5 });
      sc.sample("x2", bern(mul(mul(q, add(x1, 1)), 0.5)), { baseline: 5 });
      sc.cost("c", 5);
    };
    for (let s = 0; s < 8; s++) {
      const f = stochastic.objective(model, { key: random.key(s) });
      for (const h of hess((p, q) => f(p, q).surrogate, p0, q0)) expect(Math.abs(h)).toBeLessThan(1e-12);
      const g = grad((p: Tensor, q: Tensor) => f(p, q).surrogate, { argnums: [0, 1] })(p0, q0) as Tensor[];
      for (const t of g) expect(Math.abs(t.item())).toBeLessThan(1e-12);
      expect(f(p0, q0).surrogate.item()).toBe(5);
    }
  });

  const want = exactHessian(twoLevel({}));
  const noneRows = keyed(twoLevel({}), 300);

  it("second derivatives without a baseline are unbiased (the reference)", () => {
    expectWithin5Se(moments(noneRows), want);
  });

  it("a constant baseline: second derivatives unbiased, the mixed one with lower variance", () => {
    const rows = keyed(twoLevel({ baseline: 12 }), 300);
    expectWithin5Se(moments(rows), want);
    expectLowerVariancePaired(rows, noneRows, want[1], 1);
  });

  it('"movingAverage": second derivatives unbiased, the mixed one with lower variance', () => {
    // Keyless objective (fresh draws per call, seeded); hvp calls it once per draw: [H_pp, H_qp].
    const calls = (o: SampleSiteOptions): number[][] => {
      manualSeed(21);
      const f = stochastic.objective(twoLevel(o));
      return argnums(300).map(() => nums(hvp((p: Tensor, q: Tensor) => f(p, q).surrogate, [p0, q0], [f64(1), f64(0)])));
    };
    const rows = calls({ baseline: "movingAverage" });
    expectWithin5Se(moments(rows), want.slice(0, 2));
    expectLowerVariancePaired(rows, calls({}), want[1], 1);
  });

  it("a learned baseline: second derivatives unbiased, the mixed one with lower variance", () => {
    const learned: Model = (sc, p, q) => twoLevel({ baseline: mul(add(p, 40), 0.3) })(sc, p, q); // ≈ 12, depends on p
    const rows = keyed(learned, 300);
    expectWithin5Se(moments(rows), want);
    expectLowerVariancePaired(rows, noneRows, want[1], 1);
  });

  it('"leaveOneOut" in a plate of particles: second derivatives unbiased, lower variance than without', () => {
    const wantPlate = exactHessian(plate({}));
    for (let j = 0; j < 3; j++) expect(wantPlate[j]).toBeCloseTo(want[j], 10);
    const plain = keyed(plate({}), 200);
    const loo = keyed(plate({ baseline: "leaveOneOut" }), 200);
    expectWithin5Se(moments(plain), wantPlate);
    expectWithin5Se(moments(loo), wantPlate);
    expectLowerVariancePaired(loo, plain, wantPlate[1], 1);
  });
});

describe("stochastic.objective: Loaded DiCE discount λ", () => {
  /** Three chained sites x1(p) → x2(q) → x3(r), a cost after them and a pathwise cost; baseline `b`. */
  const chain3 = (b?: number): Model => (sc, p, q, r) => {
    const o = b === undefined ? {} : { baseline: b };
    const x1 = sc.sample("x1", bern(p), o);
    const x2 = sc.sample("x2", bern(mul(mul(q, add(x1, 1)), 0.5)), o);
    const x3 = sc.sample("x3", bern(mul(mul(r, add(x2, 1)), 0.5)), o);
    sc.cost("c", add(10, square(add(add(x1, mul(x2, 3)), x3))));
    sc.cost("d", mul(mul(p, r), add(x1, x3)));
  };
  const params = [f64(0.3), f64(0.8), f64(0.6)];
  /** ∂²/∂a∂b of the surrogate at `params` (nested grad, one call per evaluation, fixed key). */
  const mixed = (f: (...p: Tensor[]) => Tensor, a: number, b: number): number =>
    (grad((u: Tensor) => grad((v: Tensor) => {
      const args = [...params];
      args[a] = u;
      args[b] = v;
      return f(...args);
    })(params[b]) as Tensor)(params[a]) as Tensor).item();

  it("leaves the value and the first derivative unchanged, sample by sample", () => {
    // Call-order chains, a plate with per-sample credit and leave-one-out, and declared dependencies.
    const declared: Model = (sc, p, q) => {
      const x = sc.sample("x", bern(p), { estimator: "score", baseline: 2 });
      const y = sc.sample("y", bern(q), { estimator: "score", dependsOn: [], baseline: 3 });
      const z = sc.sample("z", bern(mul(add(x, 1), mul(q, 0.5))), { estimator: "score", dependsOn: ["x"], baseline: 1 });
      sc.cost("cy", add(4, mul(y, 2)), { dependsOn: ["y"] });
      sc.cost("cz", mul(add(1, mul(z, 3)), p), { dependsOn: ["z"] });
    };
    const cases: [Model, Tensor[]][] = [
      [chain3(), params], [chain3(12), params], [plate({ baseline: "leaveOneOut" }), [p0, q0]], [declared, [p0, q0]],
    ];
    for (const [model, args] of cases) {
      const k = argnums(args.length);
      for (let s = 0; s < 3; s++) {
        const one = stochastic.objective(model, { key: random.key(s) });
        const g1 = nums(grad((...p: Tensor[]) => one(...p).surrogate, { argnums: k })(...args));
        for (const lambda of [0, 0.5]) {
          const f = stochastic.objective(model, { key: random.key(s), discount: lambda });
          expect(f(...args).surrogate.item()).toBeCloseTo(one(...args).surrogate.item(), 12);
          const g = nums(grad((...p: Tensor[]) => f(...p).surrogate, { argnums: k })(...args));
          for (const j of k) expect(g[j]).toBeCloseTo(g1[j], 10);
        }
      }
    }
  });

  it("scales the score cross terms of sites k apart by λ^k (with and without baselines)", () => {
    // x1 and x2 are 1 apart, x1 and x3 are 2 apart. At λ = 0 only the terms free of λ remain (the
    // pathwise cost d = p·r·(x1 + x3) times first-order scores), so what λ adds is λ·(what 1 adds) for
    // ∂p∂q and λ²·(what 1 adds) for ∂p∂r; ∂q∂q has no cross term and does not change.
    for (const b of [undefined, 12]) {
      for (let s = 0; s < 4; s++) {
        const at = (lambda: number) => {
          const f = stochastic.objective(chain3(b), { key: random.key(s), discount: lambda });
          const sur = (...p: Tensor[]): Tensor => f(...p).surrogate;
          return { pq: mixed(sur, 0, 1), pr: mixed(sur, 0, 2), qq: mixed(sur, 1, 1) };
        };
        const [one, half, zero] = [at(1), at(0.5), at(0)];
        expect(Math.abs(one.pq - zero.pq)).toBeGreaterThan(1e-3);
        expect(half.pq - zero.pq).toBeCloseTo(0.5 * (one.pq - zero.pq), 10);
        expect(half.pr - zero.pr).toBeCloseTo(0.25 * (one.pr - zero.pr), 10);
        expect(half.qq).toBeCloseTo(one.qq, 10);
      }
    }
  });

  it("a perfect baseline still gives a constant surrogate (the baseline term is discounted alike)", () => {
    const model: Model = (sc, p, q) => {
      const x1 = sc.sample("x1", bern(p), { baseline: 5 });
      sc.sample("x2", bern(mul(mul(q, add(x1, 1)), 0.5)), { baseline: 5 });
      sc.cost("c", 5);
    };
    for (let s = 0; s < 4; s++) {
      const f = stochastic.objective(model, { key: random.key(s), discount: 0.5 });
      for (const h of hess((p, q) => f(p, q).surrogate, p0, q0)) expect(Math.abs(h)).toBeLessThan(1e-12);
    }
  });

  it("λ < 1 is biased at second order (the documented trade): the mixed term moves, the diagonal does not", () => {
    const want = exactHessian(twoLevel({ baseline: 12 }));
    const m = moments(argnums(150).map((s) => {
      const f = stochastic.objective(twoLevel({ baseline: 12 }), { key: random.key(s), discount: 0 });
      return hess((p, q) => f(p, q).surrogate, p0, q0);
    }));
    expect(Math.abs(m.mean[1] - want[1])).toBeGreaterThan(10 * m.se[1]);
    expectWithin5Se({ mean: [m.mean[0], m.mean[2]], se: [m.se[0], m.se[2]] }, [want[0], want[2]]);
  });

  it("errors name objective and options.discount", () => {
    expect(() => stochastic.objective(twoLevel({}), { discount: 1.5 })).toThrow(/^objective: options\.discount must be a number in \[0, 1\], got the number 1\.5/);
    expect(() => stochastic.objective(twoLevel({}), { discount: -0.1 })).toThrow(/^objective: options\.discount must be a finite number ≥ 0, got the number -0\.1/);
    expect(() => stochastic.objective(twoLevel({}), { discount: "1" } as never)).toThrow(/^objective: options\.discount must be a finite number ≥ 0, got the string "1"/);
  });
});
