import { describe, expect, it } from "vitest";
import { distributions as D, grad, random, sum, tensor, type Tensor } from "../../src/index.js";

const f64 = (x: number | number[] | number[][]): Tensor => tensor(x as number[], { dtype: "float64" });
const key = random.key(4);
const T = D.transforms;

describe("TransformedDistribution", () => {
  it("exp of a Normal is the LogNormal; an affine map of a Normal is a Normal", () => {
    const ln = new D.TransformedDistribution(new D.Normal(f64(0.2), f64(0.7)), T.exp);
    const ref = new D.LogNormal(f64(0.2), f64(0.7));
    for (const y of [0.3, 1, 4]) expect(ln.logProb(f64(y)).item()).toBeCloseTo(ref.logProb(f64(y)).item(), 12);
    expect(Array.from(ln.sample([3], key).data())).toEqual(Array.from(ref.sample([3], key).data()));
    const af = new D.TransformedDistribution(new D.Normal(f64(0), f64(1)), [T.affine(f64(1), f64(3)), T.affine(f64(-2), f64(0.5))]);
    const nref = new D.Normal(f64(-1.5), f64(1.5));
    expect(af.logProb(f64(0.7)).item()).toBeCloseTo(nref.logProb(f64(0.7)).item(), 12);
    expect(ln.support.name).toBe("greaterThan(0)");
    expect(() => ln.logProb(f64(-1))).toThrow(/TransformedDistribution\.logProb: value must be in the support greaterThan\(0\), got -1/);
  });

  it("changes event shapes (stickBreaking: R² → the 3-simplex) and sums log-dets over batch axes made events", () => {
    const base = new D.Independent(new D.Normal(f64([0, 0]), f64(1)), 1);
    const d = new D.TransformedDistribution(base, T.stickBreaking);
    expect(d.eventShape).toEqual([3]);
    const y = d.sample([4], key);
    expect(y.shape).toEqual([4, 3]);
    const x = T.stickBreaking.inverse(y);
    const expected = Array.from(base.logProb(x).data()).map((v, i) => v - T.stickBreaking.logAbsDetJacobian(x, y).data()[i]!);
    Array.from(d.logProb(y).data()).forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 10));
    const elementwise = new D.TransformedDistribution(new D.Independent(new D.Normal(f64([0, 1]), f64(1)), 1), T.exp);
    expect(elementwise.eventShape).toEqual([2]);
    const ly = f64([0.5, 2]);
    expect(elementwise.logProb(ly).item()).toBeCloseTo(new D.Independent(new D.LogNormal(f64([0, 1]), f64(1)), 1).logProb(ly).item(), 12);
  });

  it("rsample is pathwise through the transforms", () => {
    // E[exp(μ + ε)] = exp(μ + ½): the pathwise gradient of each sample is the sample itself.
    const g = grad((m: Tensor) => sum(new D.TransformedDistribution(new D.Normal(m, 1), T.exp).rsample([5], key)))(f64(0.3));
    const s = new D.TransformedDistribution(new D.Normal(f64(0.3), f64(1)), T.exp).rsample([5], key);
    expect(g.item()).toBeCloseTo(Array.from(s.data()).reduce((a, b) => a + b, 0), 12);
    expect(() => new D.TransformedDistribution(new D.Normal(0, 1), [T.exp, "x" as never])).toThrow(/TransformedDistribution: transforms\[1\] must be a Transform/);
  });
});
