// The bijections under the other ways of differentiating: forward mode, eager backward(),
// parameters as tracers, and float32 inputs.
import { describe, expect, it } from "vitest";
import { grad, jvp, tensor, tril, type Tensor } from "../../src/index.js";
import * as T from "../../src/distributions/transforms/index.js";
import { batch, CASES } from "./transforms-helpers.js";

const values = (t: Tensor): number[] => Array.from(t.data());

describe("transforms: forward mode agrees with reverse mode", () => {
  for (const c of CASES)
    it(c.name, () => {
      const ld = (u: Tensor): Tensor => c.t.logAbsDetJacobian(c.toX(u), c.t.forward(c.toX(u))).sum();
      const v = c.free(21);
      const dir = tensor(values(v).map((_, i) => Math.cos(1 + i)), { dtype: "float64" });
      const [, dy] = jvp(ld, [v], [dir]) as [Tensor, Tensor];
      const g = grad(ld)(v) as Tensor;
      expect(dy.item()).toBeCloseTo(values(g).reduce((s, gi, i) => s + gi * values(dir)[i]!, 0), 10);
      const [, dx] = jvp((u: Tensor) => c.t.forward(c.toX(u)), [v], [dir]) as [Tensor, Tensor];
      expect(values(dx).every(Number.isFinite)).toBe(true);
    });
});

describe("transforms: parameters differentiate", () => {
  it("eager backward() reaches affine's loc and scale through forward and the log-det", () => {
    const loc = tensor([0.5, -1], { dtype: "float64", requiresGrad: true });
    const scale = tensor([2, -3], { dtype: "float64", requiresGrad: true });
    const t = T.affine(loc, scale);
    const x = tensor([1, 4], { dtype: "float64" });
    t.forward(x).sum().add(t.logAbsDetJacobian(x, t.forward(x)).sum()).backward();
    expect(values(loc.grad!)).toEqual([1, 1]);
    expect(values(scale.grad!).map((v) => +v.toFixed(12))).toEqual([1.5, 3.666666666667]);
  });

  it("power: d/dp of the log-det ln|p·y/x| = 1/p + ln x, against finite differences", () => {
    const x = tensor([0.5, 2, 3], { dtype: "float64" });
    const ld = (p: Tensor): Tensor => {
      const t = T.power(p);
      return t.logAbsDetJacobian(x, t.forward(x)).sum();
    };
    const p = 1.7;
    const h = 1e-6;
    const fd = (ld(tensor(p + h, { dtype: "float64" })).item() - ld(tensor(p - h, { dtype: "float64" })).item()) / (2 * h);
    expect((grad(ld)(tensor(p, { dtype: "float64" })) as Tensor).item()).toBeCloseTo(fd, 6);
    expect(fd).toBeCloseTo(3 / p + Math.log(0.5) + Math.log(2) + Math.log(3), 6);
  });
});

describe("transforms: float32 inputs stay float32", () => {
  for (const c of CASES.filter((k) => !k.name.startsWith("affine event") && !k.name.startsWith("inv(exp)")))
    it(c.name, () => {
      const x = batch(c, 3, 31).cast("float32");
      const y = c.t.forward(x);
      expect(y.dtype).toBe("float32");
      expect(c.t.logAbsDetJacobian(x, y).dtype).toBe("float32");
      const back = c.t.inverse(y);
      expect(back.dtype).toBe("float32");
      const [a, b] = [values(back), values(c.t.domainEventDim === 2 ? tril(x) : x)];
      a.forEach((v, i) => expect(Math.abs(v - b[i]!)).toBeLessThanOrEqual(2e-4 * Math.max(1, Math.abs(b[i]!))));
    });
});
