import { describe, expect, it } from "vitest";
import { secularConverged, secularStep } from "../../src/linalg/dense/secular-step.js";

// f(x) = 1 + 1/(0 − x) + 1/(1 − x) has poles 0 and 1 and one root between them, (3 − √5)/2.
function terms(x: number): [number, number, number, number, number] {
  const psi = 1 / (0 - x);
  const phi = 1 / (1 - x);
  return [1 + psi + phi, psi, phi, psi / (0 - x), phi / (1 - x)];
}

describe("secular step", () => {
  it("iterates to the root of a two-pole secular function inside its bracket", () => {
    let [lo, hi, x] = [0, 1, 0.5];
    for (let i = 0; i < 40; i++) {
      const [f, psi, phi, dpsi, dphi] = terms(x);
      if (f < 0) lo = x;
      else hi = x;
      if (secularConverged(f, psi, phi, dpsi, dphi, Math.abs(psi) + Math.abs(phi), x, lo, hi)) break;
      x = secularStep(f, 0 - x, 1 - x, dpsi, dphi, false, x, lo, hi);
      expect(x > lo && x < hi).toBe(true);
    }
    // 1 − 1/x + 1/(1 − x) = 0 ⇔ x² − 3x + 1 = 0 ⇔ x = (3 − √5)/2 in (0, 1).
    expect(x).toBeCloseTo((3 - Math.sqrt(5)) / 2, 14);
  });
  it("bisects when a step would leave the bracket", () => {
    expect(secularStep(Number.NaN, 1, 2, 1, 1, false, 0.5, 0.25, 0.75)).toBe(0.5);
  });
  it("stops when the bracket has closed to a few ulps", () => {
    expect(secularConverged(1, 0, 0, 1, 1, 0, 1, 1, 1 + 2 ** -52)).toBe(true);
    expect(secularConverged(1, 0, 0, 1, 1, 0, 1, 1, 1.5)).toBe(false);
  });
});
