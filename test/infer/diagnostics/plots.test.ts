import { describe, expect, it } from "vitest";
import { ArgumentError } from "../../../src/core/errors.js";
import { pairPlot } from "../../../src/infer/diagnostics/pair-plot.js";
import { rankHistograms, rankPlot } from "../../../src/infer/diagnostics/rank-plot.js";
import { binomialQuantile, rankCounts, sbcHistogram } from "../../../src/infer/diagnostics/sbc-histogram.js";
import { tracePlot } from "../../../src/infer/diagnostics/trace-plot.js";
import { isSvg, markGroups } from "./svg.js";

const chain = (k: number, n: number): Float64Array => Float64Array.from({ length: n }, (_, i) => Math.sin(1.3 * i + k));
/** A scalar site "mu" and a site "theta" of shape [2], 3 chains of 40 draws. */
const draws = {
  mu: { shape: [], chains: [0, 1, 2].map((k) => chain(k, 40)) },
  theta: { shape: [2], chains: [3, 4, 5].map((k) => chain(k, 80)) },
};

describe("tracePlot", () => {
  it("one panel per scalar element, one line per chain", async () => {
    const svg = await tracePlot(draws);
    expect(isSvg(svg)).toBe(true);
    // Vega draws each series of a line mark as its own group with one path: per panel, one per chain.
    const lines = markGroups(svg).filter((g) => g.type === "line");
    const panels = new Map<string, number>();
    for (const g of lines) panels.set(g.name, (panels.get(g.name) ?? 0) + g.items);
    expect([...panels.values()]).toEqual([3, 3, 3]);
    for (const name of ["mu", "theta[0]", "theta[1]"]) expect(svg).toContain(`>${name}<`);
  });

  it("sites selects and orders the panels", async () => {
    const svg = await tracePlot(draws, { sites: ["theta"] });
    expect(new Set(markGroups(svg).filter((g) => g.type === "line").map((g) => g.name)).size).toBe(2);
    expect(svg).not.toContain(">mu<");
  });
});

describe("rankPlot", () => {
  it("per element and chain a histogram of bins bars, and a line at the uniform count", async () => {
    const svg = await rankPlot(draws, { bins: 8 });
    expect(isSvg(svg)).toBe(true);
    const groups = markGroups(svg);
    const bars = groups.filter((g) => g.type === "rect");
    expect(bars).toHaveLength(3 * 3); // 3 elements × 3 chains (facet cells)
    for (const g of bars) expect(g.items).toBe(8);
    expect(groups.filter((g) => g.type === "rule")).toHaveLength(9);
  });

  it("ranks are pooled over chains: a chain above the others fills the top bins", () => {
    const low = [Float64Array.from([1, 2, 3, 4]), Float64Array.from([1.5, 2.5, 3.5, 4.5])];
    const high = Float64Array.from([10, 11, 12, 13]);
    const h = rankHistograms([...low, high], 3);
    expect(h.map((c) => c.reduce((a, b) => a + b, 0))).toEqual([4, 4, 4]);
    // 12 draws in 3 bins of 4 ranks: the high chain holds ranks 9..12, the whole last bin.
    expect(h[2]).toEqual([0, 0, 4]);
    expect(h[0]![2]! + h[1]![2]!).toBe(0);
  });
});

describe("pairPlot", () => {
  it("one scatter per pair below the diagonal, divergent draws in their own red layer", async () => {
    const divergent = [0, 1, 2].map((m) => Array.from({ length: 40 }, (_, i) => m === 1 && i % 10 === 0));
    const svg = await pairPlot(draws, ["mu", "theta[1]", "theta[0]"], { divergent });
    expect(isSvg(svg)).toBe(true);
    const points = markGroups(svg).filter((g) => g.type === "symbol");
    expect(points).toHaveLength(2 * 3); // 3 panels, 2 layers each
    const red = points.filter((g) => g.name.includes("layer_1"));
    const rest = points.filter((g) => g.name.includes("layer_0"));
    for (const g of red) expect(g.items).toBe(4);
    for (const g of rest) expect(g.items).toBe(3 * 40 - 4);
    expect(svg).toContain("#e41a1c");
  });

  it("without divergences the red layer is empty", async () => {
    const svg = await pairPlot(draws, ["theta[0]", "mu"]);
    const points = markGroups(svg).filter((g) => g.type === "symbol");
    expect(points.map((g) => g.items).sort((a, b) => a - b)).toEqual([0, 120]);
  });
});

describe("sbcHistogram", () => {
  it("bins bars per parameter with the binomial band and the expected-count line", async () => {
    const ranks = { a: Array.from({ length: 200 }, (_, i) => i % 100), b: Array.from({ length: 200 }, (_, i) => Math.floor(100 * ((i * 0.618) % 1) ** 2)) };
    const svg = await sbcHistogram(ranks, 99);
    expect(isSvg(svg)).toBe(true);
    const rects = markGroups(svg).filter((g) => g.type === "rect");
    // Per panel: 20 bars (the largest divisor of L + 1 = 100 up to 20) and one band.
    expect(rects.map((g) => g.items).sort((x, y) => x - y)).toEqual([1, 1, 20, 20]);
    expect(markGroups(svg).filter((g) => g.type === "rule")).toHaveLength(2);
    expect(svg).toContain(">a<");
  });

  it("counts ranks in equal bins, and the band is Binomial(N, 1/bins) quantiles (scipy's binom.ppf)", () => {
    expect(rankCounts([0, 1, 2, 3, 4, 5, 9], 9, 5)).toEqual([2, 2, 2, 0, 1]);
    // scipy.stats.binom.ppf(p, n, q) for p = 0.005, 0.995, 0.025, 0.975.
    expect([0.005, 0.995, 0.025, 0.975].map((p) => binomialQuantile(p, 200, 0.05))).toEqual([3, 19, 4, 16]);
    expect([0.005, 0.995, 0.025, 0.975].map((p) => binomialQuantile(p, 1000, 0.1))).toEqual([76, 125, 82, 119]);
    expect([0.005, 0.995, 0.025, 0.975].map((p) => binomialQuantile(p, 37, 0.25))).toEqual([3, 16, 4, 15]);
  });
});

describe("plots: bad arguments throw synchronously, naming the function", () => {
  it("ArgumentErrors before any rendering", () => {
    expect(() => tracePlot({ mu: { shape: [], chains: [] } })).toThrow(/tracePlot: draws.mu.chains must be a non-empty array/);
    expect(() => tracePlot(draws, { sites: ["nu"] })).toThrow(/tracePlot: options.sites\[0\] must be one of the sites \(mu, theta\), got the string "nu"/);
    expect(() => rankPlot(draws, { bins: 0 })).toThrow(/rankPlot: options.bins must be an integer in \[1, 10000\], got the number 0/);
    expect(() => pairPlot(draws, ["mu"])).toThrow(/pairPlot: names must be an array of at least two element names/);
    expect(() => pairPlot(draws, ["mu", "theta[2]"])).toThrow(/pairPlot: names\[1\] must be a scalar element of the draws such as "theta\[0\]" \(sites: mu \[\], theta \[2\]\), got the string "theta\[2\]"/);
    expect(() => pairPlot(draws, ["mu", "theta[0]"], { divergent: [[true]] })).toThrow(/pairPlot: options.divergent must be an array of 3 arrays of booleans/);
    expect(() => pairPlot(draws, ["mu", "theta[0]"], { divergent: [[], [], []] })).toThrow(/pairPlot: options.divergent\[0\] must have one flag per draw \(40\), got 0/);
    expect(() => sbcHistogram([0, 5, 100], 99)).toThrow(/sbcHistogram: ranks\[2\] must be an integer in \[0, 99\], got the number 100/);
    expect(() => sbcHistogram([0, 5], 99, { bins: 7 })).toThrow(/sbcHistogram: options.bins must divide L \+ 1 = 100/);
    expect(() => sbcHistogram([0, 5], 0)).toThrow(ArgumentError);
  });
});
