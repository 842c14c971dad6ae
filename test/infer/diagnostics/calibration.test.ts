import { describe, expect, it } from "vitest";
import { essBulk, essMean } from "../../../src/infer/diagnostics/ess.js";
import { mcseMean, mcseQuantile } from "../../../src/infer/diagnostics/mcse.js";
import { rhat } from "../../../src/infer/diagnostics/rhat.js";
import { quantile } from "../../../src/infer/diagnostics/quantile.js";
import * as random from "../../../src/random/index.js";

/**
 * `m` stationary AR(1) chains of `n` draws, x_t = φ x_{t−1} + √(1 − φ²) ε_t, x_0 ~ N(0, 1): every
 * draw is N(0, 1) and the integrated autocorrelation time is (1 + φ)/(1 − φ).
 */
function ar1(seed: number, m: number, n: number, phi: number): Float64Array[] {
  const eps = random.normal(random.key(seed), [m, n], { dtype: "float64" }).data() as Float64Array;
  const s = Math.sqrt(1 - phi * phi);
  return Array.from({ length: m }, (_, c) => {
    const x = new Float64Array(n);
    let v = eps[c * n]!;
    x[0] = v;
    for (let i = 1; i < n; i++) x[i] = v = phi * v + s * eps[c * n + i]!;
    return x;
  });
}

/** The sample standard deviation. */
const sd = (xs: readonly number[]): number => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1));
};

describe("ESS and MCSE are calibrated on AR(1) chains with a known answer (seeded Monte Carlo)", () => {
  // R replications: a right MCSE matches the actual spread of the estimate around the truth. The RMS
  // error over R replications has relative standard error ≈ 1/√(2R) = 0.035 for R = 400; we allow 5
  // of them. (z = error/MCSE would be too wide: a noisy MCSE in the denominator inflates it.)
  const R = 400;
  const tol = 5 / Math.sqrt(2 * R);
  const phi = 0.7; // τ = 1.7/0.3 ≈ 5.7: ignoring the autocorrelation would make the MCSE 2.4 times too small
  const reps = Array.from({ length: R }, (_, r) => ar1(1000 + r, 4, 250, phi));
  const rms = (xs: readonly number[]): number => Math.sqrt(xs.reduce((a, b) => a + b * b, 0) / xs.length);

  it("mcseMean matches the RMS error of the mean", () => {
    const err = reps.map((ch) => ch.flatMap((c) => [...c]).reduce((a, b) => a + b, 0) / 1000);
    expect(Math.abs(rms(reps.map(mcseMean)) / rms(err) - 1)).toBeLessThanOrEqual(tol);
  });

  it("mcseQuantile matches the RMS error of the 5%, 50% and 95% quantiles", () => {
    const z05 = -1.6448536269514722;
    for (const [p, exact] of [[0.05, z05], [0.5, 0], [0.95, -z05]] as const) {
      const err = reps.map((ch) => quantile(ch.flatMap((c) => [...c]), p) - exact);
      expect(Math.abs(rms(reps.map((ch) => mcseQuantile(ch, p))) / rms(err) - 1)).toBeLessThanOrEqual(tol);
    }
  });

  it("the ESS estimate averages to S/τ (τ = (1 + φ)/(1 − φ)) within 5 standard errors", () => {
    const s = 4 * 250;
    const ess = reps.map(essMean);
    const bulk = reps.map(essBulk);
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    // NOTE: the truth for finite chains is S over the finite-N variance inflation, close to S/τ (within 1% here).
    const truth = s / ((1 + phi) / (1 - phi));
    expect(Math.abs(mean(ess) - truth)).toBeLessThanOrEqual(5 * (sd(ess) / Math.sqrt(R)) + 0.03 * truth);
    expect(Math.abs(mean(bulk) - truth)).toBeLessThanOrEqual(5 * (sd(bulk) / Math.sqrt(R)) + 0.03 * truth);
  });

  it("R̂ of chains from one stationary distribution stays below 1.05; one chain shifted by 1 sd is caught", () => {
    const r = reps.slice(0, 50).map(rhat);
    expect(Math.max(...r)).toBeLessThan(1.05);
    const shifted = reps.slice(0, 50).map((ch) => rhat([ch[0]!, ch[1]!, ch[2]!, ch[3]!.map((v) => v + 1)]));
    expect(Math.min(...shifted)).toBeGreaterThan(1.05);
  });
});
