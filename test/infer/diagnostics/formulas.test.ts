import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ArgumentError } from "../../../src/core/errors.js";
import { autocovariance } from "../../../src/infer/diagnostics/autocovariance.js";
import { ebfmi } from "../../../src/infer/diagnostics/ebfmi.js";
import { essBulk, essMean, essQuantile, essTail } from "../../../src/infer/diagnostics/ess.js";
import { mcseMean, mcseQuantile } from "../../../src/infer/diagnostics/mcse.js";
import { quantile } from "../../../src/infer/diagnostics/quantile.js";
import { rhat, rhatBasic, rhatBulkTail, splitRhat } from "../../../src/infer/diagnostics/rhat.js";

interface Case {
  name: string;
  chains: number[][];
  [k: string]: unknown;
}

// Values of the published formulas, computed independently in NumPy by reference.py (null = NaN).
const { cases } = JSON.parse(readFileSync(new URL("./reference.json", import.meta.url), "utf8")) as { cases: Case[] };

/** Expects `actual` to match the reference value (null meaning NaN) to 1e-9 relative. */
function close(actual: number, expected: unknown): void {
  if (expected === null) return void expect(actual).toBeNaN();
  const e = expected as number;
  expect(Math.abs(actual - e)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(e)));
}

describe("diagnostics against the published formulas on fixed draws", () => {
  for (const c of cases) {
    const chains = c.chains.map((row) => Float64Array.from(row));
    it(c.name, () => {
      const { bulk, tail } = rhatBulkTail(chains);
      close(bulk, c.rhatBulk);
      close(tail, c.rhatTail);
      close(rhat(chains), c.rhat);
      close(splitRhat(chains), c.rhat);
      close(rhatBasic(chains), c.rhatBasicSplit);
      close(rhatBasic(chains, { split: false }), c.rhatBasicNoSplit);
      close(essBulk(chains), c.essBulk);
      close(essTail(chains), c.essTail);
      close(essMean(chains), c.essMean);
      close(essQuantile(chains, 0.05), c.essQ05);
      close(essQuantile(chains, 0.95), c.essQ95);
      close(mcseMean(chains), c.mcseMean);
      close(mcseQuantile(chains, 0.05), c.mcseQ05);
      close(mcseQuantile(chains, 0.5), c.mcseQ50);
      close(mcseQuantile(chains, 0.95), c.mcseQ95);
      const all = chains.flatMap((ch) => [...ch]);
      close(quantile(all, 0.05), c.q05);
      close(quantile(all, 0.5), c.q50);
      close(quantile(all, 0.95), c.q95);
      close(ebfmi(chains[0]!), c.ebfmi0);
    });
  }

  it("flags chains that have not mixed (R̂ well above 1.01) and passes mixed ones", () => {
    const r = Object.fromEntries(cases.map((c) => [c.name, rhat(c.chains.map((row) => Float64Array.from(row)))]));
    expect(r["mixed AR(1) phi=0.5, 4x100"]).toBeLessThan(1.01);
    expect(r["not mixed: one chain shifted by 3, 4x100"]).toBeGreaterThan(1.3);
    // Only the tail (folded) R̂ sees chains that differ in scale alone.
    expect(r["not mixed: chains differ in scale only, 4x100"]).toBeGreaterThan(1.2);
    expect(r["stuck chains: random walks, 4x50"]).toBeGreaterThan(2);
  });
});

describe("autocovariance by FFT", () => {
  it("equals the direct sum (1/N)·Σ (x_i − x̄)(x_{i+t} − x̄) at every lag", () => {
    for (const n of [1, 2, 37, 256, 1000]) {
      const x = Float64Array.from({ length: n }, (_, i) => Math.sin(0.7 * i) + 0.01 * i + (i % 5));
      const mean = x.reduce((a, b) => a + b, 0) / n;
      const got = autocovariance(x);
      for (let t = 0; t < n; t++) {
        let d = 0;
        for (let i = 0; i + t < n; i++) d += (x[i]! - mean) * (x[i + t]! - mean);
        expect(Math.abs(got[t]! - d / n)).toBeLessThanOrEqual(1e-12 * Math.max(1, got[0]!));
      }
    }
  });
});

describe("diagnostics: edge cases as posterior and Stan treat them", () => {
  const normal = [Float64Array.from([0.1, -0.4, 1.2, 0.3, -0.8, 0.5, 0.9, -1.1]), Float64Array.from([0.7, -0.2, 0.4, -0.6, 1.3, -0.1, 0.2, 0.8])];
  const all = [rhat, splitRhat, essBulk, essTail, essMean, mcseMean, (c: Float64Array[]) => mcseQuantile(c, 0.5), (c: Float64Array[]) => rhatBasic(c)];

  it("constant draws give NaN (posterior: NA), not 1 or a division by zero", () => {
    const constant = [new Float64Array(10).fill(2), new Float64Array(10).fill(2)];
    for (const f of all) expect(f(constant)).toBeNaN();
  });

  it("a NaN or ±∞ draw gives NaN", () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      const chains = normal.map((c) => c.slice());
      chains[1]![3] = bad;
      for (const f of all) expect(f(chains)).toBeNaN();
    }
  });

  it("R̂ needs 4 draws per chain (2 per split chain), ESS 6 (3 per split chain)", () => {
    const cut = (n: number): Float64Array[] => normal.map((c) => c.slice(0, n));
    expect(rhat(cut(3))).toBeNaN();
    expect(rhat(cut(4))).not.toBeNaN();
    expect(essBulk(cut(5))).toBeNaN();
    expect(essBulk(cut(6))).not.toBeNaN();
  });

  it("ESS is capped at S·log10(S) (τ̂ ≥ 1/log10 S), as Stan does", () => {
    // Perfectly alternating chains: antithetic, τ̂ would be negative without the floor.
    const alt = [0, 1, 2].map((k) => Float64Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? 1 : -1) + k * 1e-3 * i));
    const s = 3 * 40;
    expect(essMean(alt)).toBeLessThanOrEqual(s * Math.log10(s) + 1e-9);
  });

  it("E-BFMI: NaN for constant energy or a single draw", () => {
    expect(ebfmi([1, 1, 1])).toBeNaN();
    expect(ebfmi([1])).toBeNaN();
    expect(ebfmi(Float64Array.from([1, 2, NaN]))).toBeNaN();
  });

  it("bad arguments are ArgumentErrors naming the function and the argument", () => {
    expect(() => rhat([])).toThrow(ArgumentError);
    expect(() => rhat([])).toThrow(/^rhat: chains must be a non-empty array of chains/);
    expect(() => essBulk([new Float64Array(4), new Float64Array(5)])).toThrow(/essBulk: chains\[1\] must be a chain of 4 draws like chains\[0\], got one of 5 draws/);
    expect(() => essTail([[1, 2, "3"]] as unknown as number[][])).toThrow(/essTail: chains\[0\]\[2\] must be a number, got the string "3"/);
    expect(() => mcseQuantile(normal, 1.5)).toThrow(/mcseQuantile: p must be a probability in \[0, 1\], got the number 1.5/);
    expect(() => rhatBasic(normal, { splitt: true } as never)).toThrow(/rhatBasic: options.splitt must be one of split/);
    expect(() => ebfmi("energy" as never)).toThrow(/ebfmi: energy must be a Float64Array or an array of numbers/);
  });
});
