import { describe, expect, it } from "vitest";
import { infer, random } from "../../../src/index.js";
import type { Potential } from "../../../src/infer/index.js";
import { tensorsCreated } from "../../../src/tensor/tensor.js";
import { gaussian, meanAndMcse } from "./targets.js";

/** Divergences, NaN regions, step-size adaptation, tree-depth saturation, reproducibility, summary. */

/** Neal's funnel in 1 + k dimensions: v ∼ N(0, 3²), x_i | v ∼ N(0, e^v) (centred: hard for a fixed step). */
function funnel(k: number): Potential {
  return {
    dim: 1 + k,
    logDensityAndGrad(q, g) {
      const v = q[0]!;
      const ev = Math.exp(-v);
      let lp = -(v * v) / 18;
      g[0] = -v / 9;
      for (let i = 1; i <= k; i++) {
        const x = q[i]!;
        lp += -0.5 * x * x * ev - 0.5 * v;
        g[0] += 0.5 * x * x * ev - 0.5;
        g[i] = -x * ev;
      }
      return lp;
    },
  };
}

describe("infer.nuts: divergences and bad regions", () => {
  it("Neal's funnel reports divergent transitions (and their draws per chain)", () => {
    const post = infer.nuts(funnel(9), { seed: 5, chains: 2, warmup: 300, samples: 300 });
    expect(post.divergences).toBeGreaterThan(0);
    const flags = post.divergent;
    expect(flags.length).toBe(2);
    expect(flags.flat().filter((d) => d).length).toBe(post.divergences);
    expect(post.sampleStat("divergent").dtype).toBe("bool");
  });

  it("a density that is NaN beyond x = 1.5 counts divergences, never crashes, and samples the truncated normal", () => {
    let nanCalls = 0;
    const target: Potential = {
      dim: 1,
      logDensityAndGrad(q, g) {
        if (q[0]! > 1.5) {
          nanCalls++;
          g[0] = NaN;
          return NaN;
        }
        g[0] = -q[0]!;
        return -0.5 * q[0]! ** 2;
      },
    };
    const post = infer.nuts(target, { seed: 6, warmup: 500, samples: 1000 });
    expect(nanCalls).toBeGreaterThan(0);
    expect(post.divergences).toBeGreaterThan(0);
    const chains = post.siteDraws()["q"]!.chains;
    for (const c of chains) for (const x of c) expect(x).toBeLessThanOrEqual(1.5);
    // N(0, 1) truncated to (−∞, 1.5]: mean −φ(1.5)/Φ(1.5).
    const phi = Math.exp(-1.125) / Math.sqrt(2 * Math.PI);
    const Phi = 0.9331927987311419;
    const { mean, mcse } = meanAndMcse(chains);
    expect(Math.abs(mean + phi / Phi)).toBeLessThanOrEqual(5 * mcse);
  });

  it("an initial point where the density is −∞ everywhere is an error naming the function, the chain and the problem", () => {
    const nowhere: Potential = { dim: 2, logDensityAndGrad: () => -Infinity };
    expect(() => infer.nuts(nowhere, { seed: 0 })).toThrow(/infer\.nuts: chain 0: could not initialise: the log density is -Infinity at 100 random initial points drawn uniformly from \(−2, 2\)/);
    const nanGrad: Potential = { dim: 1, logDensityAndGrad: (_q, g) => ((g[0] = NaN), 0) };
    expect(() => infer.hmc(nanGrad, { seed: 0, init: [0.5] })).toThrow(/infer\.hmc: chain 0: could not initialise: its gradient is not finite at the given init/);
  });
});

describe("infer.nuts: adaptation", () => {
  const target = gaussian([0, 0, 0, 0, 0], [1, 2, 4, 8, 16]);

  it("dual averaging brings the mean accept statistic near targetAccept, and a higher target gives a smaller step", () => {
    const acc: Record<number, number> = {};
    const eps: Record<number, number> = {};
    for (const t of [0.6, 0.8, 0.95]) {
      const post = infer.nuts(target, { seed: 7, chains: 2, warmup: 1000, samples: 500, targetAccept: t });
      acc[t] = post.sampleStat("acceptStat").mean().item();
      eps[t] = post.stepSize.reduce((a, b) => a + b) / post.stepSize.length;
      // NOTE: Stan's final ε = exp(x̄) (the average of log ε) lands above the target on Gaussians
      // (CmdStan shows mean accept_stat__ ≈ 0.9 at adapt_delta 0.8): measured 0.72, 0.91, 0.96 here.
      expect(acc[t]!).toBeGreaterThan(t - 0.02);
      expect(acc[t]!).toBeLessThan(Math.min(t + 0.15, 0.995));
    }
    expect(acc[0.6]!).toBeLessThan(acc[0.8]!);
    expect(acc[0.8]!).toBeLessThan(acc[0.95]!);
    expect(eps[0.95]!).toBeLessThan(eps[0.8]!);
    expect(eps[0.8]!).toBeLessThan(eps[0.6]!);
  });

  it("tree depth saturates at maxTreeDepth and is reported", () => {
    // Without metric adaptation, scales 1…16 need long trajectories: depth 3 is too short.
    const post = infer.nuts(target, { seed: 8, chains: 1, warmup: 200, samples: 200, maxTreeDepth: 3, adaptMetric: false });
    const depth = post.treeDepth;
    expect(depth.dtype).toBe("int32");
    expect(depth.max().item()).toBe(3);
    expect(post.treeDepthSaturation).toBeGreaterThan(0);
    expect(post.sampleStat("nLeapfrog").max().item()).toBeLessThanOrEqual(7);
    expect(post.treeDepthSaturation).toBe(Array.from(depth.data()).filter((d) => d === 3).length);
  });
});

describe("infer.nuts: seeds, output and options", () => {
  const target = gaussian([1, -1], [1, 2]);

  it("the same seed reproduces the draws exactly; another seed (or a key) does not; chains differ", () => {
    const a = infer.nuts(target, { seed: 9, chains: 2, warmup: 100, samples: 100 });
    const b = infer.nuts(target, { seed: 9, chains: 2, warmup: 100, samples: 100 });
    const c = infer.nuts(target, { seed: 10, chains: 2, warmup: 100, samples: 100 });
    const k = infer.nuts(target, { seed: random.key(9), chains: 2, warmup: 100, samples: 100 });
    const da = Array.from(a.draws("q").data());
    expect(Array.from(b.draws("q").data())).toEqual(da);
    expect(Array.from(k.draws("q").data())).toEqual(da);
    expect(Array.from(c.draws("q").data())).not.toEqual(da);
    expect(Array.from(a.energy.data())).toEqual(Array.from(b.energy.data()));
    expect(da.slice(0, 200)).not.toEqual(da.slice(200));
    // Chain c runs under split(key, chains)[c], which does not depend on the number of chains.
    const one = infer.nuts(target, { seed: 9, chains: 1, warmup: 100, samples: 100 });
    expect(Array.from(one.draws("q").data())).toEqual(da.slice(0, 200));
  });

  it("summary() has a row per element with R̂ near 1; toJSON() round-trips the draws and stats", () => {
    const post = infer.nuts(target, { seed: 11, warmup: 300, samples: 400 });
    const s = post.summary();
    expect(s.rows.map((r) => r.name)).toEqual(["q[0]", "q[1]"]);
    for (const r of s.rows) expect(r.rhat).toBeLessThan(1.05);
    expect(s.toString()).toContain("q[1]");
    const j = JSON.parse(JSON.stringify(post)) as ReturnType<typeof post.toJSON>;
    expect(j.chains).toBe(4);
    expect(j.sites["q"]!.shape).toEqual([2]);
    expect(j.sites["q"]!.draws[3]!.length).toBe(800);
    expect(j.stats.treeDepth[0]!.length).toBe(400);
    expect(j.sites["q"]!.draws[1]).toEqual(Array.from(post.siteDraws()["q"]!.chains[1]!));
  });

  it("progress: a callback sees every iteration of every chain, warm-up then sampling", () => {
    const calls: [number, number, string][] = [];
    infer.nuts(target, { seed: 12, chains: 2, warmup: 3, samples: 2, progress: (c, i, p) => calls.push([c, i, p]) });
    expect(calls).toEqual([
      [0, 1, "warmup"], [0, 2, "warmup"], [0, 3, "warmup"], [0, 4, "sampling"], [0, 5, "sampling"],
      [1, 1, "warmup"], [1, 2, "warmup"], [1, 3, "warmup"], [1, 4, "sampling"], [1, 5, "sampling"],
    ]);
  });

  it("progress: true prints one line per chain on stderr when stderr is not a TTY (bars: test/infer/progress)", () => {
    const err = process.stderr as unknown as { write: (s: string) => boolean; isTTY?: boolean };
    const write = err.write;
    const tty = err.isTTY;
    const lines: string[] = [];
    err.write = (s: string) => (lines.push(s), true);
    err.isTTY = false;
    try {
      infer.nuts(target, { seed: 12, chains: 1, warmup: 10, samples: 10, progress: true });
    } finally {
      err.write = write;
      err.isTTY = tty;
    }
    expect(lines.length).toBe(1);
    expect(lines[0]).toMatch(/^infer\.nuts chain 1\/1: done, 20 iterations in \d+\.\d\d s\n$/);
  });

  it("the hot loop allocates no tensors (only the Posterior's accessors make them)", () => {
    const before = tensorsCreated();
    const post = infer.nuts(target, { seed: 12, chains: 2, warmup: 50, samples: 50 });
    expect(tensorsCreated()).toBe(before);
    post.draws("q");
    expect(tensorsCreated()).toBe(before + 1);
  });

  it("init: a point for every chain, one per chain, or radius 0 start where asked", () => {
    const seen: number[][] = [];
    const spy: Potential = { dim: 2, logDensityAndGrad: (q, g) => (seen.push(Array.from(q)), target.logDensityAndGrad(q, g)) };
    infer.nuts(spy, { seed: 1, chains: 2, warmup: 0, samples: 1, init: [[0.25, 0.5], [-3, 4]], adaptStepSize: false });
    expect(seen).toContainEqual([0.25, 0.5]);
    expect(seen).toContainEqual([-3, 4]);
    seen.length = 0;
    infer.nuts(spy, { seed: 1, chains: 1, warmup: 0, samples: 1, init: 0 });
    expect(seen[0]).toEqual([0, 0]);
  });

  it("bad options are ArgumentErrors naming the function, the option, what was expected and what was given", () => {
    expect(() => infer.nuts(target, { chains: 0 })).toThrow("infer.nuts: options.chains must be an integer in [1, 2147483647], got the number 0");
    expect(() => infer.nuts(target, { metric: "full" as "dense" })).toThrow('infer.nuts: options.metric must be "diag" or "dense", got the string "full"');
    expect(() => infer.nuts(target, { targetAccept: 1 })).toThrow("infer.nuts: options.targetAccept must be a number in (0, 1), got the number 1");
    expect(() => infer.nuts(target, { numSteps: 3 } as never)).toThrow(/infer\.nuts: options\.numSteps must be one of args, chains, .*maxTreeDepth, got the string "numSteps"/);
    expect(() => infer.hmc(target, { maxTreeDepth: 3 } as never)).toThrow(/infer\.hmc: options\.maxTreeDepth must be one of .*trajectoryLength/);
    expect(() => infer.nuts(target, { init: [1, 2, 3] })).toThrow("infer.nuts: options.init must be an array of 2 finite numbers (the unconstrained dimension), got an array of length 3");
    expect(() => infer.nuts(target, { chains: 2, init: [[1, 2]] })).toThrow("infer.nuts: options.init must be one point per chain (2 arrays), got an array of length 1");
    expect(() => infer.nuts(target, { seed: 1.5 })).toThrow("infer.nuts: options.seed must be an integer in");
    expect(() => infer.nuts(target, { progress: "yes" as never })).toThrow("infer.nuts: options.progress must be a boolean or a function (chain, iteration, phase), got the string \"yes\"");
    expect(() => infer.nuts({ dim: 0, logDensityAndGrad: () => 0 })).toThrow("infer.nuts: model.dim must be an integer ≥ 1, got the number 0");
    expect(() => infer.nuts({} as Potential)).toThrow("infer.nuts: model must be a model function or a Potential { dim, logDensityAndGrad(q, grad) }, got an object");
    expect(() => infer.nuts(target, { samples: 10, stepSize: -1 })).toThrow("infer.nuts: options.stepSize must be a finite number > 0, got the number -1");
    // Sizes fail fast instead of looping for ever: the draws must fit in a tensor.
    expect(() => infer.nuts(target, { warmup: 1e12 })).toThrow("infer.nuts: options.warmup must be an integer in [0, 2147483647], got the number 1000000000000");
    expect(() => infer.nuts(target, { chains: 4, samples: 2 ** 29 })).toThrow("infer.nuts: options.samples must be at most 268435455 (chains × samples × dim ≤ 2³¹ − 1 elements, with 4 chains of dimension 2), got the number 536870912");
    expect(() => infer.hmc(target, { numSteps: 2 ** 53 })).toThrow("infer.hmc: options.numSteps must be an integer in [1, 2147483647]");
    expect(() => infer.nuts(target, 5 as never)).toThrow("infer.nuts: options must be an options object, got the number 5");
  });
});
