// The README's "Bijections" example, run as printed (values rounded as the comments show them).
import { describe, expect, it } from "vitest";
import { distributions, grad, tensor, type Tensor } from "../../src/index.js";

const shown = (t: Tensor, digits = 4): number[] => Array.from(t.data()).map((v) => +v.toFixed(digits));

describe("distributions.transforms and bijectTo from the package root", () => {
  it("the README example runs as printed", () => {
    const { transforms, bijectTo, constraints } = distributions;

    const t = bijectTo(constraints.interval(0, 10)); // compose(sigmoid, affine(0, 10)), onto [0, 10]
    const x = tensor([-1, 0, 2], { dtype: "float64" });
    const y = t.forward(x); // [2.6894, 5, 8.808]
    const back = t.inverse(y); // [-1, 0, 2]
    const ld = t.logAbsDetJacobian(x, y); // [0.6761, 0.9163, 0.0487]
    const p = transforms.stickBreaking.forward(tensor([0, 0, 0])); // [0.25, 0.25, 0.25, 0.25]
    const L = transforms.corrCholesky.forward(tensor([0.3, -0.2, 0.5])); // 3×3, rows of unit norm
    const ok = constraints.corrCholesky.check(L); // true
    const dScale = grad((s: Tensor) => transforms.affine(0, s).logAbsDetJacobian(x, y).sum())(tensor(2)); // 1.5

    expect(t.codomain.name).toBe("interval(0, 10)");
    expect(shown(y)).toEqual([2.6894, 5, 8.808]);
    expect(shown(back, 12)).toEqual([-1, 0, 2]);
    expect(shown(ld)).toEqual([0.6761, 0.9163, 0.0487]);
    expect(shown(p, 6)).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(L.shape).toEqual([3, 3]);
    expect(ok.item()).toBe(1);
    expect((dScale as Tensor).item()).toBe(1.5);
  });
});
