import { describe, expect, it } from "vitest";
import { infer, random } from "../../../src/index.js";
import { AdaptationWindows } from "../../../src/infer/mcmc/adaptation-windows.js";
import { ChainRng } from "../../../src/infer/mcmc/chain-rng.js";
import { DenseMetric } from "../../../src/infer/mcmc/dense-metric.js";
import { DiagMetric } from "../../../src/infer/mcmc/diag-metric.js";
import { Hamiltonian } from "../../../src/infer/mcmc/hamiltonian.js";
import type { Kernel } from "../../../src/infer/mcmc/kernel.js";
import { NutsKernel } from "../../../src/infer/mcmc/nuts-kernel.js";
import { PhasePoint } from "../../../src/infer/mcmc/phase-point.js";
import { StaticHmcKernel } from "../../../src/infer/mcmc/static-hmc-kernel.js";
import { WelfordEstimator } from "../../../src/infer/mcmc/welford.js";
import { coordinate, correlated2d, gaussian, meanAndMcse } from "./targets.js";

/**
 * The transition kernels on their own (research notes §5.5): the leapfrog integrator is reversible
 * and second order; one transition from exact draws of π leaves them distributed as π (an IID test
 * of the kernel: a wrong acceptance, a missing kinetic term or a broken U-turn check fails it);
 * Stan's adaptation windows and metric regularisation.
 */

const stdNormal = gaussian([0], [1]);

describe("leapfrog", () => {
  it("is reversible: L steps, negate p, L steps, negate p returns to the start (1e-12)", () => {
    const H = new Hamiltonian(correlated2d(1, 2, 0.5), new DiagMetric(2, new Float64Array([0.5, 3])));
    const z = new PhasePoint(2);
    z.q.set([1, -0.3]);
    z.p.set([0.5, 0.2]);
    H.evaluate(z);
    for (let i = 0; i < 25; i++) H.leapfrog(z, 0.1);
    for (let i = 0; i < 25; i++) H.leapfrog(z, -0.1);
    expect(Math.abs(z.q[0]! - 1)).toBeLessThan(1e-12);
    expect(Math.abs(z.q[1]! + 0.3)).toBeLessThan(1e-12);
    expect(Math.abs(z.p[0]! - 0.5)).toBeLessThan(1e-12);
  });

  it("is second order: halving ε divides max |ΔH| over T = 10 by 4 (q₀ = 1, p₀ = 0.5: 4.99e-3 at ε = 0.2)", () => {
    const maxDH = (eps: number): number => {
      const H = new Hamiltonian(stdNormal, new DiagMetric(1));
      const z = new PhasePoint(1);
      z.q[0] = 1;
      z.p[0] = 0.5;
      H.evaluate(z);
      const h0 = H.energy(z);
      let m = 0;
      for (let i = 0; i < Math.round(10 / eps); i++) {
        H.leapfrog(z, eps);
        m = Math.max(m, Math.abs(H.energy(z) - h0));
      }
      return m;
    };
    expect(maxDH(0.2)).toBeCloseTo(4.99e-3, 4);
    for (const eps of [0.2, 0.1, 0.05]) {
      const r = maxDH(eps) / maxDH(eps / 2);
      expect(r).toBeGreaterThan(3.5);
      expect(r).toBeLessThan(4.5);
    }
  });

  it("step (NUTS's fused leaf) equals leapfrog, velocity and energy bit for bit, diagonal and dense, NaN energy read as +∞", () => {
    const target = correlated2d(1, 2, 0.5);
    for (const m of [new DiagMetric(2, new Float64Array([0.5, 3])), new DenseMetric(2, new Float64Array([2, 0.3, 0.3, 1]))]) {
      const H = new Hamiltonian(target, m);
      const a = new PhasePoint(2);
      const b = new PhasePoint(2);
      for (const z of [a, b]) {
        z.q.set([1, -0.3]);
        z.p.set([0.5, 0.2]);
        H.evaluate(z);
      }
      const sharpA = new Float64Array(2);
      const sharpB = new Float64Array(2);
      for (const eps of [0.1, -0.37, 0.8]) {
        H.leapfrog(a, eps);
        H.metric.velocity(a.p, sharpA);
        const hA = H.energy(a);
        const hB = H.step(b, eps, sharpB);
        expect(hB).toBe(hA);
        expect([...b.q, ...b.p, ...b.grad, b.lp, ...sharpB]).toEqual([...a.q, ...a.p, ...a.grad, a.lp, ...sharpA]);
      }
    }
    const nan = new Hamiltonian({ dim: 1, logDensityAndGrad: (_q, g) => ((g[0] = 0), NaN) }, new DiagMetric(1));
    expect(nan.step(new PhasePoint(1), 0.1, new Float64Array(1))).toBe(Infinity);
  });
});

/**
 * Draws n exact N(0, 1) points, applies one transition of `kernel` to each, and checks that the
 * results still have mean 0 and variance 1 within 5 IID standard errors (5/√n and 5·√(2/n)).
 */
function expectOneStepInvariance(kernel: Kernel, n: number, seed: number): void {
  const rng = new ChainRng(random.key(seed));
  const z = new PhasePoint(1);
  let s1 = 0;
  let s2 = 0;
  let moved = 0;
  for (let i = 0; i < n; i++) {
    const x0 = rng.normal();
    z.q[0] = x0;
    kernel.hamiltonian.evaluate(z);
    kernel.transition(z, rng);
    if (z.q[0] !== x0) moved++;
    s1 += z.q[0]!;
    s2 += z.q[0]! ** 2;
  }
  const mean = s1 / n;
  expect(moved).toBeGreaterThan(0.5 * n);
  expect(Math.abs(mean)).toBeLessThanOrEqual(5 / Math.sqrt(n));
  expect(Math.abs(s2 / n - 1)).toBeLessThanOrEqual(5 * Math.sqrt(2 / n));
}

describe("one transition from exact draws keeps them exact (§5.5 T-HMC-2)", () => {
  const n = 40000;
  it("NUTS with a large step (ε = 1.6, where acceptance and U-turns both matter)", () => {
    const k = new NutsKernel(new Hamiltonian(stdNormal, new DiagMetric(1)), 10);
    k.stepSize = 1.6;
    expectOneStepInvariance(k, n, 1);
  });

  it("NUTS with a mis-scaled metric (M⁻¹ = 4) and jitter", () => {
    const k = new NutsKernel(new Hamiltonian(stdNormal, new DiagMetric(1, new Float64Array([4]))), 10, 0.5);
    k.stepSize = 0.7;
    expectOneStepInvariance(k, n, 2);
  });

  it("static HMC with 3 steps of ε = 1.5 (acceptance about 0.6)", () => {
    const k = new StaticHmcKernel(new Hamiltonian(stdNormal, new DiagMetric(1)), 3, 0);
    k.stepSize = 1.5;
    expectOneStepInvariance(k, n, 3);
  });
});

describe("the U-turn checks across subtrees (Stan 2.23's extra checks)", () => {
  it("stop a 10-D standard normal's trajectories at ε = 0.2 after about 17 steps (about 44 without them)", () => {
    const d = 10;
    const k = new NutsKernel(new Hamiltonian(gaussian(new Array<number>(d).fill(0), new Array<number>(d).fill(1)), new DiagMetric(d)), 10);
    k.stepSize = 0.2;
    const rng = new ChainRng(random.key(16));
    const z = new PhasePoint(d);
    for (let i = 0; i < d; i++) z.q[i] = rng.normal();
    k.hamiltonian.evaluate(z);
    let steps = 0;
    const n = 1000;
    for (let i = 0; i < n; i++) steps += k.transition(z, rng).nLeapfrog;
    // Half a period of the oscillation is π/ε ≈ 16 steps; the whole-tree check alone misses many U-turns here.
    expect(steps / n).toBeGreaterThan(12);
    expect(steps / n).toBeLessThan(25);
  });
});

describe("infer.hmc", () => {
  it("samples a correlated 2-D Gaussian (dense metric, T = 2π by default) within 5 MCSE", () => {
    const post = infer.hmc(correlated2d(2, 1, -0.7), { seed: 13, warmup: 500, samples: 1000, metric: "dense" });
    const chains = post.siteDraws()["q"]!.chains;
    const check = (f: (c: Float64Array, i: number) => number, exact: number): void => {
      const { mean, mcse } = meanAndMcse(chains.map((c) => Float64Array.from({ length: c.length / 2 }, (_, i) => f(c, i))));
      expect(Math.abs(mean - exact)).toBeLessThanOrEqual(5 * mcse);
    };
    check((c, i) => c[2 * i]!, 0);
    check((c, i) => c[2 * i + 1]!, 0);
    check((c, i) => c[2 * i]! ** 2, 4);
    check((c, i) => c[2 * i + 1]! ** 2, 1);
    check((c, i) => c[2 * i]! * c[2 * i + 1]!, -1.4);
    expect(post.algorithm).toBe("hmc");
    expect(post.treeDepthSaturation).toBe(0);
  });

  it("numSteps fixes the leapfrog count; trajectoryLength sets it to ⌊T/ε⌋", () => {
    const a = infer.hmc(gaussian([2], [3]), { seed: 14, chains: 2, warmup: 300, samples: 300, numSteps: 7 });
    expect(Array.from(a.sampleStat("nLeapfrog").data()).every((n) => n === 7)).toBe(true);
    const b = infer.hmc(gaussian([2], [3]), { seed: 14, chains: 1, warmup: 300, samples: 300, trajectoryLength: 3 });
    expect(b.sampleStat("nLeapfrog").data()[0]).toBe(Math.max(1, Math.trunc(3 / b.stepSize[0]!)));
    const { mean, mcse } = meanAndMcse(coordinate(a.siteDraws()["q"]!.chains, 1, 0));
    expect(Math.abs(mean - 2)).toBeLessThanOrEqual(5 * mcse);
  });
});

describe("Stan's adaptation windows and metric regularisation", () => {
  /** The iterations (0-based) at which the slow windows end, and how many draws each window holds. */
  function schedule(warmup: number): { ends: number[]; sizes: number[] } {
    const w = new AdaptationWindows(warmup);
    const ends: number[] = [];
    const sizes: number[] = [];
    let inWindow = 0;
    for (let i = 0; i < warmup; i++) {
      if (w.inWindow()) inWindow++;
      if (w.endsWindow()) {
        ends.push(i);
        sizes.push(inWindow);
        inWindow = 0;
      }
      w.advance();
    }
    return { ends, sizes };
  }

  it("1000 warm-up iterations: 75 fast, windows of 25, 50, 100, 200 and a stretched 500, 50 fast", () => {
    expect(schedule(1000)).toEqual({ ends: [99, 149, 249, 449, 949], sizes: [25, 50, 100, 200, 500] });
  });

  it("150 iterations fit 75 + 25 + 50 exactly; 149 use 15% / 75% / 10% (22, 113, 14); fewer than 20 adapt no metric", () => {
    expect(schedule(150)).toEqual({ ends: [99], sizes: [25] });
    expect(schedule(149)).toEqual({ ends: [134], sizes: [113] });
    expect(schedule(19)).toEqual({ ends: [], sizes: [] });
    expect(new AdaptationWindows(19).adaptsMetric).toBe(false);
  });

  it("the estimate is (n/(n+5))·S + 1e-3·(5/(n+5))·I, diagonal or dense", () => {
    const xs = [[1, 2], [3, 1], [2, 5], [0, 0]];
    // Sample covariance of xs (n = 4): var 5/3, 14/3, cov 1.
    const S = [5 / 3, 1, 1, 14 / 3];
    const w = 4 / 9;
    const reg = 1e-3 * (5 / 9);
    const diag = new WelfordEstimator(2, false);
    const dense = new WelfordEstimator(2, true);
    for (const x of xs) {
      diag.add(new Float64Array(x));
      dense.add(new Float64Array(x));
    }
    const d = diag.regularized();
    expect(d[0]).toBeCloseTo(w * S[0]! + reg, 12);
    expect(d[1]).toBeCloseTo(w * S[3]! + reg, 12);
    const D = dense.regularized();
    [w * S[0]! + reg, w * S[1]!, w * S[2]!, w * S[3]! + reg].forEach((v, k) => expect(D[k]).toBeCloseTo(v, 12));
  });

  it("a dense metric draws momenta with covariance M = (M⁻¹)⁻¹", () => {
    const inv = new Float64Array([2, 0.6, 0.6, 0.5]);
    const m = new DenseMetric(2, inv);
    // M = inv⁻¹ = 1/0.64 [[0.5, −0.6], [−0.6, 2]].
    const M = [0.5 / 0.64, -0.6 / 0.64, 2 / 0.64];
    const rng = new ChainRng(random.key(15));
    const p = new Float64Array(2);
    const n = 40000;
    let a = 0, b = 0, c = 0;
    for (let i = 0; i < n; i++) {
      m.sampleMomentum(rng, p);
      a += p[0]! ** 2;
      b += p[0]! * p[1]!;
      c += p[1]! ** 2;
    }
    // Var of a product moment ≤ (E p_i² E p_j² + E[p_i p_j]²)/n: 5 standard errors.
    const se = (i: number, j: number, ij: number): number => 5 * Math.sqrt((i * j + ij * ij) / n);
    expect(Math.abs(a / n - M[0]!)).toBeLessThan(se(M[0]!, M[0]!, M[0]!));
    expect(Math.abs(b / n - M[1]!)).toBeLessThan(se(M[0]!, M[2]!, M[1]!));
    expect(Math.abs(c / n - M[2]!)).toBeLessThan(se(M[2]!, M[2]!, M[2]!));
    // And T(p) = ½ pᵀ M⁻¹ p.
    expect(m.kinetic(new Float64Array([1, 2]))).toBeCloseTo(0.5 * (2 + 2 * 0.6 * 2 + 0.5 * 4), 12);
  });
});
