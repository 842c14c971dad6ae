import "../../src/index.js";
import { describe, expect, it } from "vitest";
import * as ops from "../../src/ops/index.js";
import { onesLike, tensor } from "../../src/tensor/creation.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { grad } from "../../src/transforms/grad.js";
import { jvp } from "../../src/transforms/jvp.js";
import { expectClose, f64 } from "./helpers.js";

const sig = (v: number) => 1 / (1 + Math.exp(-v));
const d = (f: (x: Tensor) => Tensor) => (x: Tensor) => grad(f)(x) as Tensor;

describe("activation values", () => {
  it("sigmoid, softplus, logSigmoid in the middle and the tails", () => {
    expectClose(ops.sigmoid(f64([-3, 0, 2])), [sig(-3), 0.5, sig(2)], 1e-15);
    expectClose(ops.sigmoid(f64([-40])), [4.248354255291589e-18], 1e-15); // full relative precision in the tail
    expectClose(ops.sigmoid(tensor([-1000, 1000])), [0, 1]);
    expectClose(ops.softplus(f64([-2, 0, 3])), [Math.log1p(Math.exp(-2)), Math.LN2, Math.log1p(Math.exp(3))], 1e-15);
    expectClose(ops.softplus(tensor([-1000, 1000])), [0, 1000]);
    expectClose(ops.logSigmoid(f64([-1000, 0, 1000])), [-1000, -Math.LN2, 0]);
  });
  it("relu, leakyRelu, elu", () => {
    expectClose(ops.relu(tensor([-1, 0, 2])), [0, 0, 2]);
    expect(ops.relu(tensor([-1, 2], { dtype: "int32" })).dtype).toBe("int32");
    expectClose(ops.leakyRelu(tensor([-10, 5])), [-0.1, 5], 1e-7);
    expectClose(ops.leakyRelu(tensor([-10, 5]), 0.2), [-2, 5], 1e-7);
    expectClose(ops.elu(f64([-1, 0, 2])), [Math.expm1(-1), 0, 2], 1e-15);
    expectClose(ops.elu(f64([-1]), 2), [2 * Math.expm1(-1)], 1e-15);
  });
  it("gelu exact and tanh approximation, silu", () => {
    expectClose(ops.gelu(f64([1, -1, 2.5, 0])), [0.8413447460685429, -0.15865525393145707, 2.4844758366855597, 0], 1e-9);
    expectClose(ops.gelu(f64([1, -1, 2.5]), { approximate: "tanh" }), [0.8411919906082768, -0.15880800939172324, 2.484915733910001], 1e-12);
    expectClose(ops.silu(f64([1, -2])), [sig(1), -2 * sig(-2)], 1e-15);
    expect(() => ops.gelu(f64([1]), { approximate: "fast" as never })).toThrow(/gelu: approximate must be "none" or "tanh", got "fast"/);
  });
});

describe("kinks (ad-features §4.2)", () => {
  it("T2.1: relu'(0) = 0", () => {
    expect(grad(ops.relu)(0).item()).toBe(0);
    expect(grad(ops.relu)(-1).item()).toBe(0);
    expect(grad(ops.relu)(2).item()).toBe(1);
  });
  it("T2.2: maximum(x, 0) at 0 shares the tie (½), unlike relu — the documented NOTE on maximum", () => {
    // NOTE: the brief's convention (T2.4) is that ties share evenly; relu is the form with derivative 0.
    expect(grad((x: Tensor) => ops.maximum(x, 0))(0).item()).toBe(0.5);
  });
  it("T2.3: abs'(0) = 0", () => {
    expect(grad(ops.abs)(0).item()).toBe(0);
    expect(grad(ops.abs)(-2).item()).toBe(-1);
  });
  it("T2.6: sqrt'(0) = +∞ (IEEE)", () => {
    expect(grad(ops.sqrt)(0).item()).toBe(Infinity);
  });
  it("leakyRelu and elu take the left derivative at 0; elu is NaN-free at large x", () => {
    expect(grad((x: Tensor) => ops.leakyRelu(x, 0.1))(0).item()).toBeCloseTo(0.1, 15);
    expect(grad((x: Tensor) => ops.elu(x, 2))(0).item()).toBe(2);
    expect(grad((x: Tensor) => ops.elu(x))(tensor(100)).item()).toBe(1); // e^100 overflows float32
    expect(grad((x: Tensor) => ops.elu(x))(1000).item()).toBe(1);
  });
});

describe("stable sigmoid family (ad-features §4.4)", () => {
  it("T4.4: σ(−1000) = 0 and σ'(−1000) = 0, not NaN, in float32 and float64", () => {
    for (const x of [tensor(-1000), f64(-1000), tensor(1000), f64(1000)]) {
      expect(grad(ops.sigmoid)(x).item()).toBe(0);
      const [, t] = jvp(ops.sigmoid, [x], [onesLike(x)]) as [Tensor, Tensor];
      expect(t.item()).toBe(0);
    }
    expect(grad(ops.sigmoid)(0).item()).toBe(0.25);
  });
  it("T4.5: softplus'(0) = ½; finite at ±1000", () => {
    expect(grad(ops.softplus)(0).item()).toBe(0.5);
    expect(grad(ops.softplus)(1000).item()).toBe(1);
    expect(grad(ops.softplus)(-1000).item()).toBe(0);
    expect(grad(ops.softplus)(tensor(1000)).item()).toBe(1);
  });
  it("T4.6: logSigmoid'(0) = ½; finite at ±1000", () => {
    expect(grad(ops.logSigmoid)(0).item()).toBe(0.5);
    expect(grad(ops.logSigmoid)(-1000).item()).toBe(1);
    expect(grad(ops.logSigmoid)(1000).item()).toBe(0);
  });
  it("softplus'' (0) = σ'(0) = ¼ (the custom rule; differentiating the stable formula would give 0)", () => {
    expect(d(d(ops.softplus))(f64(0)).item()).toBe(0.25);
  });
  it("silu' = σ(x)(1 + x σ(−x)), stable at ±1000", () => {
    const x = 1.3;
    expect(grad(ops.silu)(x).item()).toBeCloseTo(sig(x) * (1 + x * sig(-x)), 14);
    expect(grad(ops.silu)(-1000).item()).toBe(0);
    expect(grad(ops.silu)(1000).item()).toBe(1);
  });
});

describe("higher order (ad-features §4.11)", () => {
  it("T11.1: tanh'' (2) = −2 tanh(2) sech²(2) and tanh''' (2) = 2 sech²(2)(2 tanh²(2) − sech²(2))", () => {
    const t = Math.tanh(2);
    const s = 1 - t * t;
    expect(d(d(ops.tanh))(f64(2)).item()).toBeCloseTo(-0.136219, 6);
    expect(d(d(ops.tanh))(f64(2)).item()).toBeCloseTo(-2 * t * s, 14);
    expect(d(d(d(ops.tanh)))(f64(2)).item()).toBeCloseTo(2 * s * (2 * t * t - s), 14);
  });
  it("T11.2: σ''(0) = 0 and σ''' = σ'(1 − 6σ + 6σ²)", () => {
    expect(d(d(ops.sigmoid))(f64(0)).item()).toBe(0);
    for (const x of [0, 0.7, -2]) {
      const s = sig(x);
      expect(d(d(d(ops.sigmoid)))(f64(x)).item()).toBeCloseTo(s * (1 - s) * (1 - 6 * s + 6 * s * s), 14);
    }
  });
  it("T11.3: exp'' (1) = exp''' (1) = e", () => {
    expect(d(d(ops.exp))(f64(1)).item()).toBeCloseTo(Math.E, 14);
    expect(d(d(d(ops.exp)))(f64(1)).item()).toBeCloseTo(Math.E, 14);
  });
  it("forward-over-reverse agrees for the custom rules", () => {
    for (const f of [ops.sigmoid, ops.softplus, ops.logSigmoid]) {
      const x = f64(0.4);
      const [, fwd] = jvp(d(f), [x], [f64(1)]) as [Tensor, Tensor];
      expect(fwd.item()).toBeCloseTo(d(d(f))(x).item(), 14);
    }
  });
});
