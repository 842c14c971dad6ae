import { describe, expect, it } from "vitest";
import { add, grad, jvp, log, mul, sin, sub, valueAndGrad, vjp, type Tensor } from "../../src/index.js";

// The worked example of the design notes (§2.1–2.6): f(x1, x2) = ln(x1) + x1·x2 − sin(x2) at (2, 5).
const f = (x1: Tensor, x2: Tensor) => sub(add(log(x1), mul(x1, x2)), sin(x2));
const value = Math.log(2) + 10 - Math.sin(5);
const d1 = 1 / 2 + 5; // ∂f/∂x1 = 1/x1 + x2
const d2 = 2 - Math.cos(5); // ∂f/∂x2 = x1 − cos x2

describe("the notes' worked example", () => {
  it("has the value 11.652…", () => {
    const [v] = valueAndGrad(f)(2, 5);
    expect(v.item()).toBeCloseTo(11.652, 3);
    expect(v.item()).toBeCloseTo(value, 12);
  });

  it("forward mode: seeding ẋ1 = 1 gives ∂f/∂x1 = 5.5, seeding ẋ2 = 1 gives 1.716…", () => {
    const [y, dy1] = jvp(f, [2, 5], [1, 0]);
    expect(y.item()).toBeCloseTo(value, 12);
    expect(dy1.item()).toBeCloseTo(d1, 12);
    expect(jvp(f, [2, 5], [0, 1])[1].item()).toBeCloseTo(d2, 12);
    expect(d2).toBeCloseTo(1.716, 3);
  });

  it("reverse mode: one sweep gives both partials", () => {
    const [g1, g2] = grad(f, { argnums: [0, 1] })(2, 5);
    expect(g1.item()).toBeCloseTo(d1, 12);
    expect(g2.item()).toBeCloseTo(d2, 12);
    const [y, pullback] = vjp(f, 2, 5);
    expect(y.item()).toBeCloseTo(value, 12);
    const [p1, p2] = pullback(1);
    expect(p1.item()).toBeCloseTo(d1, 12);
    expect(p2.item()).toBeCloseTo(d2, 12);
  });

  it("plain numbers become float64 scalars", () => {
    const [v, g] = valueAndGrad(f)(2, 5);
    expect(v.dtype).toBe("float64");
    expect(g.dtype).toBe("float64");
    expect(g.shape).toEqual([]);
  });
});
