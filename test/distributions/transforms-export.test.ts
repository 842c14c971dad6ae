import { describe, expect, it } from "vitest";
import { distributions, tensor } from "../../src/index.js";

describe("distributions.transforms and bijectTo from the package root", () => {
  it("the README example runs as printed", () => {
    const { transforms, bijectTo, constraints } = distributions;
    const t = bijectTo(constraints.interval(0, 10));
    const x = tensor([-1, 0, 2], { dtype: "float64" });
    const y = t.forward(x);
    expect(Array.from(y.data()).map((v) => +v.toFixed(4))).toEqual([2.6894, 5, 8.808]);
    expect(Array.from(t.logAbsDetJacobian(x, y).data()).map((v) => +v.toFixed(4))).toEqual([0.6761, 0.9163, 0.0487]);
    const s = transforms.stickBreaking.forward(tensor([0, 0, 0], { dtype: "float64" }));
    expect(Array.from(s.data()).map((v) => +v.toFixed(12))).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(t.inv.forward(y).shape).toEqual([3]);
  });
});
