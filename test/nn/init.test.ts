// nn.init: bounds and spreads of each scheme against their formulas, fans, gains, seeds.
import { describe, expect, it } from "vitest";
import { manualSeed, zeros, type Tensor } from "../../src/index.js";
import { init } from "../../src/nn/index.js";

function stats(t: Tensor): { mean: number; std: number; maxAbs: number } {
  const d = Array.from(t.data());
  const mean = d.reduce((a, b) => a + b, 0) / d.length;
  const std = Math.sqrt(d.reduce((a, b) => a + (b - mean) ** 2, 0) / d.length);
  return { mean, std, maxAbs: Math.max(...d.map(Math.abs)) };
}

describe("nn.init", () => {
  it("fans of linear and convolution weights", () => {
    expect(init.fans(zeros([10, 20]))).toEqual({ fanIn: 20, fanOut: 10 });
    expect(init.fans(zeros([16, 3, 5, 5]))).toEqual({ fanIn: 75, fanOut: 400 });
    expect(() => init.fans(zeros([5]))).toThrow(/rank ≥ 2/);
  });

  it("gains", () => {
    expect(init.calculateGain("relu")).toBeCloseTo(Math.SQRT2, 12);
    expect(init.calculateGain("tanh")).toBeCloseTo(5 / 3, 12);
    expect(init.calculateGain("leakyRelu", Math.sqrt(5))).toBeCloseTo(Math.sqrt(1 / 3), 12);
    expect(init.calculateGain("linear")).toBe(1);
    expect(() => init.calculateGain("swish" as never)).toThrow(/unknown nonlinearity "swish"/);
  });

  it("kaimingUniform: U(±gain·√(3/fanIn)); fanOut mode", () => {
    const w = init.kaimingUniform(zeros([200, 300]), { nonlinearity: "relu", seed: 0 });
    const bound = Math.SQRT2 * Math.sqrt(3 / 300);
    const s = stats(w);
    expect(s.maxAbs).toBeLessThanOrEqual(bound);
    expect(s.std).toBeCloseTo(bound / Math.sqrt(3), 3);
    const v = init.kaimingUniform(zeros([200, 300]), { mode: "fanOut", nonlinearity: "relu", seed: 0 });
    expect(stats(v).maxAbs).toBeLessThanOrEqual(Math.SQRT2 * Math.sqrt(3 / 200));
    expect(stats(v).maxAbs).toBeGreaterThan(Math.SQRT2 * Math.sqrt(3 / 300));
  });

  it("kaimingNormal: std gain/√fanIn", () => {
    const s = stats(init.kaimingNormal(zeros([100, 50, 3, 3]), { seed: 1 }));
    expect(s.std).toBeCloseTo(Math.SQRT2 / Math.sqrt(450), 3);
    expect(Math.abs(s.mean)).toBeLessThan(0.002);
  });

  it("xavierUniform and xavierNormal", () => {
    const u = stats(init.xavierUniform(zeros([300, 200]), { gain: 2, seed: 2 }));
    expect(u.maxAbs).toBeLessThanOrEqual(2 * Math.sqrt(6 / 500));
    expect(u.std).toBeCloseTo((2 * Math.sqrt(6 / 500)) / Math.sqrt(3), 3);
    expect(stats(init.xavierNormal(zeros([300, 200]), { seed: 3 })).std).toBeCloseTo(Math.sqrt(2 / 500), 3);
  });

  it("zeros, ones, constant, uniform, normal; in place, returning the tensor", () => {
    const t = zeros([3], { requiresGrad: true });
    expect(init.ones(t)).toBe(t);
    expect(t.toArray()).toEqual([1, 1, 1]);
    expect(t.requiresGrad).toBe(true);
    expect(init.constant(t, 0.5).toArray()).toEqual([0.5, 0.5, 0.5]);
    expect(init.zeros(t).toArray()).toEqual([0, 0, 0]);
    const u = stats(init.uniform(zeros([10000]), { low: 2, high: 4, seed: 0 }));
    expect(u.mean).toBeCloseTo(3, 1);
    const n = stats(init.normal(zeros([10000]), { mean: -1, std: 0.5, seed: 0 }));
    expect(n.mean).toBeCloseTo(-1, 1);
    expect(n.std).toBeCloseTo(0.5, 1);
  });

  it("seeds: the same seed gives the same values; without one, manualSeed decides", () => {
    expect(init.normal(zeros([5]), { seed: 9 }).toArray()).toEqual(init.normal(zeros([5]), { seed: 9 }).toArray());
    manualSeed(4);
    const a = init.normal(zeros([5])).toArray();
    manualSeed(4);
    expect(init.normal(zeros([5])).toArray()).toEqual(a);
  });
});
