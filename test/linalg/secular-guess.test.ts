// The divide-and-conquer secular solver's initial guess (dlaed4's two-pole model, dense/
// tridiagonal-divide-conquer.ts): exact when the secular function has only the two poles around
// the root, from either pole, and NaN when the model's root is outside the bracket.
import { describe, expect, it } from "vitest";
import { twoPoleGuess } from "../../src/linalg/dense/tridiagonal-divide-conquer.js";

/** 1 + r0/(0 − λ) + r1/(gap − λ). */
const secular = (r0: number, r1: number, gap: number, lambda: number): number => 1 + r0 / -lambda + r1 / (gap - lambda);

describe("twoPoleGuess", () => {
  it("is the root of a two-pole secular equation, from the nearer pole", () => {
    for (const [r0, r1, gap] of [[0.3, 0.05, 1], [0.05, 0.3, 1], [1e-6, 2, 3], [2, 1e-6, 3], [0.5, 0.5, 1e-3]] as const) {
      const mid = gap / 2;
      const f = secular(r0, r1, gap, mid);
      const fromLeft = f >= 0;
      const c = f + (r0 - r1) / mid; // the rest of the function: exactly 1 here
      const tau = twoPoleGuess(c, r0, r1, gap, fromLeft, fromLeft ? 0 : -mid, fromLeft ? mid : 0);
      const lambda = fromLeft ? tau : gap + tau;
      expect(lambda).toBeGreaterThan(0);
      expect(lambda).toBeLessThan(gap);
      // |f(λ)| at rounding level of its terms
      expect(Math.abs(secular(r0, r1, gap, lambda))).toBeLessThanOrEqual(1e-14 * (1 + r0 / Math.abs(lambda) + r1 / Math.abs(gap - lambda)));
    }
  });
  it("is NaN when the model's root lies outside the bracket", () => {
    // c = 1, r0 = r1 = 1, gap = 2: the root is λ = 1, outside a bracket (0, 0.5)
    expect(twoPoleGuess(1, 1, 1, 2, true, 0, 0.5)).toBeNaN();
  });
});
