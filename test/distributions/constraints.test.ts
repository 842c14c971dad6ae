import { describe, expect, it } from "vitest";
import { distributions, tensor } from "../../src/index.js";

const c = distributions.constraints;
const bools = (t: { toArray(): unknown }): unknown => t.toArray();

describe("constraints", () => {
  it("elementwise sets", () => {
    const x = tensor([-1, 0, 0.5, 1, 2, NaN]);
    expect(bools(c.real.check(x))).toEqual([true, true, true, true, true, false]);
    expect(bools(c.positive.check(x))).toEqual([false, false, true, true, true, false]);
    expect(bools(c.nonnegative.check(x))).toEqual([false, true, true, true, true, false]);
    expect(bools(c.unitInterval.check(x))).toEqual([false, true, true, true, false, false]);
    expect(bools(c.interval(-1, 0.5).check(x))).toEqual([true, true, true, false, false, false]);
    expect(bools(c.halfOpenInterval(-1, 0.5).check(x))).toEqual([true, true, false, false, false, false]);
    expect(bools(c.greaterThan(0.5).check(x))).toEqual([false, false, false, true, true, false]);
    expect(bools(c.lessThan(0.5).check(x))).toEqual([true, true, false, false, false, false]);
    expect(bools(c.boolean.check(x))).toEqual([false, true, false, true, false, false]);
    expect(bools(c.nonnegativeInteger.check(x))).toEqual([false, true, false, true, true, false]);
    expect(bools(c.integerInterval(0, 1).check(x))).toEqual([false, true, false, true, false, false]);
    expect(c.boolean.isDiscrete).toBe(true);
    expect(c.real.isDiscrete).toBe(false);
    expect(c.unitInterval.name).toBe("interval(0, 1)");
    expect(String(c.positive)).toBe("greaterThan(0)");
  });

  it("tensor bounds broadcast", () => {
    expect(bools(c.interval(tensor([0, 1]), tensor([1, 2])).check(tensor([0.5, 0.5])))).toEqual([true, false]);
  });

  it("vector sets reduce the last axis", () => {
    expect(c.simplex.eventDim).toBe(1);
    expect(bools(c.simplex.check(tensor([[0.2, 0.8], [0.5, 0.6], [-0.1, 1.1]])))).toEqual([true, false, false]);
    expect(bools(c.realVector.check(tensor([[1, 2], [NaN, 0]])))).toEqual([true, false]);
    expect(c.realVector.name).toBe("realVector");
    expect(bools(c.ordered.check(tensor([[1, 2, 3], [1, 1, 2]])))).toEqual([true, false]);
  });

  it("matrix sets reduce the last two axes", () => {
    expect(bools(c.lowerCholesky.check(tensor([[[1, 0], [2, 3]], [[1, 1], [0, 1]], [[1, 0], [2, -1]]])))).toEqual([true, false, false]);
    const s = Math.SQRT1_2;
    expect(bools(c.corrCholesky.check(tensor([[[1, 0], [s, s]], [[1, 0], [1, 1]]])))).toEqual([true, false]);
    expect(bools(c.positiveDefinite.check(tensor([[[2, 1], [1, 2]], [[1, 2], [2, 1]], [[2, 1], [0, 2]]], { dtype: "float64" })))).toEqual([true, false, false]);
    expect(c.positiveDefinite.eventDim).toBe(2);
    expect(c.independent(c.positive, 2).eventDim).toBe(2);
  });
});
