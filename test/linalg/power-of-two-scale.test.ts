import { describe, expect, it } from "vitest";
import { powerOfTwoScale } from "../../src/linalg/dense/power-of-two-scale.js";

describe("powerOfTwoScale", () => {
  it("is the power of 2 nearest to the largest magnitude", () => {
    expect(powerOfTwoScale(new Float64Array([3, -0.5]))).toBe(4);
    expect(powerOfTwoScale(new Float64Array([0.1, -5.9e-300]))).toBe(0.125);
    expect(powerOfTwoScale(new Float64Array([-1e300]))).toBe(2 ** 997);
  });
  it("is 0 for all zeros and not finite for NaN or infinite entries (callers then do not scale)", () => {
    expect(powerOfTwoScale(new Float64Array(3))).toBe(0);
    expect(powerOfTwoScale(new Float64Array([1, Number.NaN]))).toBeNaN();
    expect(powerOfTwoScale(new Float64Array([1, -Infinity]))).toBe(Infinity);
  });
});
