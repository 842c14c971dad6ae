import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ArgumentError } from "../../../src/core/errors.js";
import { summarize } from "../../../src/infer/diagnostics/summary.js";

interface Case {
  name: string;
  chains: number[][];
  [k: string]: number | null | string | number[][];
}

const { cases } = JSON.parse(readFileSync(new URL("./reference.json", import.meta.url), "utf8")) as { cases: Case[] };
const byName = (n: string): Case => cases.find((c) => c.name.startsWith(n))!;

/** `actual` equals the reference value (null = NaN) to 1e-9 relative. */
function close(actual: number, expected: unknown): void {
  if (expected === null) return void expect(actual).toBeNaN();
  const e = expected as number;
  expect(Math.abs(actual - e)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(e)));
}

/** Interleaves scalar cases into the draws of one site of shape [k] (row-major [sample, k]). */
function vectorSite(cs: Case[]): { shape: number[]; chains: Float64Array[] } {
  const m = cs[0]!.chains.length;
  const n = cs[0]!.chains[0]!.length;
  const chains = Array.from({ length: m }, (_, c) => {
    const out = new Float64Array(n * cs.length);
    for (let i = 0; i < n; i++) for (let k = 0; k < cs.length; k++) out[i * cs.length + k] = cs[k]!.chains[c]![i]!;
    return out;
  });
  return { shape: [cs.length], chains };
}

describe("summarize", () => {
  const mixed = byName("mixed");
  const shifted = byName("not mixed: one chain shifted");
  const scale = byName("not mixed: chains differ in scale");
  const draws = {
    mu: { shape: [], chains: mixed.chains.map((r) => Float64Array.from(r)) },
    theta: vectorSite([shifted, scale]),
  };

  it("one row per scalar element with the reference values of each", () => {
    const s = summarize(draws);
    expect(s.rows.map((r) => r.name)).toEqual(["mu", "theta[0]", "theta[1]"]);
    expect(s.chains).toBe(4);
    expect(s.samples).toBe(100);
    for (const [row, ref] of [[s.rows[0]!, mixed], [s.rows[1]!, shifted], [s.rows[2]!, scale]] as const) {
      const all = ref.chains.flat();
      close(row.mean, all.reduce((a, b) => a + b, 0) / all.length);
      close(row.mcse, ref.mcseMean);
      close(row.q5, ref.q05);
      close(row.q50, ref.q50);
      close(row.q95, ref.q95);
      close(row.essBulk, ref.essBulk);
      close(row.essTail, ref.essTail);
      close(row.rhat, ref.rhat);
      expect(row.quantiles).toEqual([row.q5, row.q50, row.q95]);
    }
    expect(s.worst().rhat).toBeCloseTo(shifted.rhat as number, 12);
  });

  it("names elements of matrices row-major, 0-based", () => {
    const chains = [Float64Array.from({ length: 6 * 5 }, (_, i) => Math.sin(i)), Float64Array.from({ length: 6 * 5 }, (_, i) => Math.cos(i))];
    const s = summarize({ L: { shape: [2, 3], chains } });
    expect(s.rows.map((r) => r.name)).toEqual(["L[0,0]", "L[0,1]", "L[0,2]", "L[1,0]", "L[1,1]", "L[1,2]"]);
    // L[1,0] is flat element 3: draws 3, 9, 15, … of each chain.
    const expected = [0, 1].flatMap((c) => [0, 1, 2, 3, 4].map((i) => chains[c]![i * 6 + 3]!));
    close(s.row("L[1,0]")!.mean, expected.reduce((a, b) => a + b, 0) / expected.length);
  });

  it("toString prints a stansummary-like fixed-width table; toJSON is plain data", () => {
    const s = summarize(draws, { probs: [0.025, 0.5, 0.975] });
    const lines = s.toString().split("\n");
    // CmdStan 2.36's stansummary columns (MAD since cmdstan#1290), with our quantiles
    expect(lines[0]!.trim().split(/\s+/)).toEqual(["Mean", "MCSE", "StdDev", "MAD", "2.5%", "50%", "97.5%", "ESS_bulk", "ESS_tail", "R_hat"]);
    expect(lines.slice(1, 4).map((l) => l.split(/\s+/)[0])).toEqual(["mu", "theta[0]", "theta[1]"]);
    expect(new Set(lines.slice(0, 4).map((l) => l.length)).size).toBe(1);
    expect(lines[2]).toContain((shifted.rhat as number).toFixed(3));
    const json = JSON.parse(JSON.stringify(s)) as { probs: number[]; rows: { name: string; rhat: number }[] };
    expect(json.probs).toEqual([0.025, 0.5, 0.975]);
    expect(json.rows[1]!.rhat).toBeCloseTo(shifted.rhat as number, 12);
  });

  it("MAD is R's mad(): 1.4826 × the median absolute deviation from the median of all draws", () => {
    // numpy: 1.4826 * median(|x − median(x)|) for the 12 pooled draws = 4.4478
    const chains = [new Float64Array([1, 2, 3, 4, 10, 20]), new Float64Array([5, 6, 7, 8, 9, 30])];
    expect(summarize({ x: { shape: [], chains } }).rows[0]!.mad).toBeCloseTo(4.4478, 12);
    expect(summarize({ x: { shape: [], chains: [new Float64Array([1, NaN, 3, 4]), new Float64Array([1, 2, 3, 4])] } }).rows[0]!.mad).toBeNaN();
  });

  it("constant or NaN elements summarise to NaN diagnostics, not a crash", () => {
    const chains = [new Float64Array([1, 1, 1, 1, 1, 1]), new Float64Array([1, 1, 1, 1, 1, 1])];
    const row = summarize({ c: { shape: [], chains } }).rows[0]!;
    expect(row.mean).toBe(1);
    expect(row.rhat).toBeNaN();
    expect(row.essBulk).toBeNaN();
    const nan = [new Float64Array([1, 2, NaN, 4, 5, 6]), new Float64Array([1, 2, 3, 4, 5, 6])];
    const r2 = summarize({ x: { shape: [], chains: nan } }).rows[0]!;
    expect(r2.q50).toBeNaN();
    expect(r2.rhat).toBeNaN();
    expect(summarize({ x: { shape: [], chains: nan } }).toString()).toContain("NaN");
  });

  it("bad draws and options are ArgumentErrors naming summarize, the site and the problem", () => {
    const c = [new Float64Array(6), new Float64Array(6)];
    expect(() => summarize(null as never)).toThrow(ArgumentError);
    expect(() => summarize({ a: { shape: [4], chains: c } })).toThrow(/summarize: draws.a.chains\[0\] must hold samples × 4 values \(shape \[4\]\), got 6/);
    expect(() => summarize({ a: { shape: [], chains: c }, b: { shape: [], chains: [c[0]!] } })).toThrow(/summarize: draws.b.chains must have 2 chains like the other sites, got 1/);
    expect(() => summarize({ a: { shape: [], chains: c }, b: { shape: [2], chains: c } })).toThrow(/summarize: draws.b.chains\[0\] must hold 6 samples like the other chains and sites, got 3/);
    expect(() => summarize({ a: { shape: [], chains: [[1, 2]] as never } })).toThrow(/summarize: draws.a.chains\[0\] must be a Float64Array/);
    expect(() => summarize({ a: { shape: [], chains: c } }, { probs: [0.5, 2] })).toThrow(/summarize: options.probs\[1\] must be a probability in \[0, 1\], got the number 2/);
    expect(() => summarize({ a: { shape: [], chains: c } }, { sites: ["b"] })).toThrow(/summarize: options.sites\[0\] must be one of the sites \(a\), got the string "b"/);
    expect(() => summarize({ a: { shape: [], chains: c } }, { quantiles: [0.5] } as never)).toThrow(/summarize: options.quantiles must be one of probs, sites/);
  });
});
