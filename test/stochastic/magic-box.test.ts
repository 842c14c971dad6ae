import { describe, expect, it } from "vitest";
import { cos, grad, mul, scalar, sin, stochastic, type Tensor } from "../../src/index.js";

/** magicBox(g(t)) with g(t) = sin(t)·t: value 1, first derivative g′, second derivative g′² + g″. */
const g = (t: Tensor): Tensor => mul(sin(t), t);
const g1 = (t: number): number => Math.cos(t) * t + Math.sin(t);
const g2 = (t: number): number => -Math.sin(t) * t + 2 * Math.cos(t);

describe("stochastic.magicBox", () => {
  it("evaluates to 1", () => {
    expect(stochastic.magicBox(scalar(3.7, "float64")).item()).toBe(1);
    expect(stochastic.magicBox(g(scalar(0.3, "float64"))).item()).toBe(1);
  });
  it("has the derivative of its argument", () => {
    const t = 0.8;
    const d = grad((u: Tensor) => stochastic.magicBox(g(u)))(scalar(t, "float64")) as Tensor;
    expect(d.item()).toBeCloseTo(g1(t), 12);
  });
  it("second derivative is g′² + g″ (any order: DiCE)", () => {
    const t = 0.8;
    const dd = grad((u: Tensor) => grad((v: Tensor) => stochastic.magicBox(g(v)))(u) as Tensor)(scalar(t, "float64")) as Tensor;
    expect(dd.item()).toBeCloseTo(g1(t) ** 2 + g2(t), 12);
    // magicBox(x)·c with c a constant: the derivative is the score times c (cos only for a non-trivial value).
    const c = cos(scalar(1, "float64")).item();
    const d = grad((u: Tensor) => mul(stochastic.magicBox(g(u)), c))(scalar(t, "float64")) as Tensor;
    expect(d.item()).toBeCloseTo(c * g1(t), 12);
  });
});
