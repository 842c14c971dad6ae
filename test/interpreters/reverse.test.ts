import { describe, expect, it } from "vitest";
import { add, assign, AutogradError, backward, mul, noGrad, sin, tensor, valueAndGrad, type Tensor } from "../../src/index.js";

const f64 = (v: number, requiresGrad = false) => tensor(v, { dtype: "float64", requiresGrad });

/**
 * y = a + r^n·a with a = sin(x), where r^n·a is a chain of n multiplications by r: breadth-first
 * from y reaches a (created first) before the chain, so the sweep must reorder the nodes to
 * finish a's cotangent before using it. dy/dx = (1 + r^n)·cos(x).
 */
function shortAndLongPath(x: Tensor, n: number, r: number): Tensor {
  const a = sin(x);
  let b = a;
  for (let i = 0; i < n; i++) b = mul(b, r);
  return add(b, a);
}

describe("the backward sweep", () => {
  // 3 nodes on the long path: sorted by insertion; 80: by Array.prototype.sort.
  for (const n of [3, 80])
    it(`processes a node only after all its consumers (a path of ${n} nodes beside a short one)`, () => {
      const x0 = 0.7;
      const r = 1.01;
      const expected = (1 + r ** n) * Math.cos(x0);
      const [, g] = valueAndGrad((x: Tensor) => shortAndLongPath(x, n, r))(f64(x0));
      expect(g.item()).toBeCloseTo(expected, 12);
      const x = f64(x0, true);
      backward(shortAndLongPath(x, n, r));
      expect(x.grad!.item()).toBeCloseTo(expected, 12);
    });

  it("reports a backward pass that re-enters a graph it is sweeping, and recovers afterwards", () => {
    const x = f64(2, true);
    const h = mul(x, x);
    const y = mul(h, 3);
    const remove = h.registerHook((g) => {
      backward(h, undefined, { retainGraph: true });
      return g;
    });
    expect(() => backward(y, undefined, { retainGraph: true })).toThrow(AutogradError);
    expect(() => backward(y, undefined, { retainGraph: true })).toThrow(/another backward pass through it was still running/);
    remove();
    x.grad = null;
    backward(y);
    expect(x.grad!.item()).toBe(12); // d(3x²)/dx at 2
  });

  it("detects a saved value assigned after it was recorded, from version 0 and from a later version", () => {
    const x = f64(3, true);
    const y = mul(x, sin(x));
    noGrad(() => assign(x, 4));
    expect(() => backward(y)).toThrow("(version 0 → 1)");
    const z = mul(x, sin(x));
    noGrad(() => assign(x, 5));
    expect(() => backward(z)).toThrow("(version 1 → 2)");
    const w = mul(x, sin(x));
    backward(w);
    expect(x.grad!.item()).toBeCloseTo(Math.sin(5) + 5 * Math.cos(5), 12); // d(x sin x) = sin x + x cos x
  });
});
