import { pool } from "./chains.js";
import { averageRanks } from "./rank-normalize.js";
import { renderSvg, SCHEMA } from "./render-svg.js";
import { checkDraws, checkSites, elementChains, elements, type SiteDraws } from "./site-draws.js";
import { checkPlotOptions, type DrawPlotOptions } from "./trace-plot.js";

/**
 * Per chain, how many of its draws fall in each of `bins` equal ranges of the ranks of all draws
 * pooled (1..S, ties averaged): the bars of a rank plot.
 */
export function rankHistograms(chains: readonly Float64Array[], bins: number): number[][] {
  const ranks = averageRanks(pool(chains));
  const s = ranks.length;
  let at = 0;
  return chains.map((c) => {
    const counts = new Array<number>(bins).fill(0);
    for (let i = 0; i < c.length; i++) counts[Math.min(bins - 1, Math.floor(((ranks[at + i]! - 1) * bins) / s))]! += 1;
    at += c.length;
    return counts;
  });
}

/**
 * Rank plots as SVG (Vehtari et al. 2021, §4.1): per scalar element, one histogram per chain of the
 * ranks its draws take among all draws pooled, with a line at the count uniform ranks would give.
 * Mixed chains give flat histograms; a chain that sits high or low, or is too narrow, shows as a
 * slope or a hump. Better than trace plots for many draws.
 *
 * @example
 * const svg = await infer.diagnostics.rankPlot({ mu: { shape: [], chains } }, { bins: 20 });
 */
export function rankPlot(draws: Readonly<Record<string, SiteDraws>>, opts?: DrawPlotOptions): Promise<string> {
  const fn = "rankPlot";
  const checked = checkDraws(draws, fn);
  const o = checkPlotOptions(opts, fn, ["sites", "width", "height", "bins"]);
  const els = elements(checked, checkSites(o.sites, checked, fn, "options.sites"));
  const s = checked.samples * checked.chains;
  const panels = els.map((e) => {
    const hist = rankHistograms(elementChains(checked, e), o.bins);
    const values = hist.flatMap((counts, chain) =>
      counts.map((count, b) => ({ chain: `chain ${chain}`, from: (b * s) / o.bins, to: ((b + 1) * s) / o.bins, count })));
    return {
      title: e.name,
      data: { values },
      facet: { column: { field: "chain", type: "nominal" as const, title: null } },
      spec: {
        width: Math.max(60, o.width / Math.max(1, checked.chains)),
        height: o.height,
        layer: [
          {
            mark: { type: "rect" as const, stroke: "white", strokeWidth: 0.5 },
            encoding: {
              x: { field: "from", type: "quantitative" as const, title: "rank (all chains)", scale: { domain: [0, s] } },
              x2: { field: "to" },
              y: { field: "count", type: "quantitative" as const, title: "draws", scale: { zero: true } },
              y2: { datum: 0 },
              color: { field: "chain", type: "nominal" as const, legend: null },
            },
          },
          { mark: { type: "rule" as const, strokeDash: [4, 3], color: "black" }, encoding: { y: { datum: checked.samples / o.bins } } },
        ],
      },
    };
  });
  return renderSvg(fn, { $schema: SCHEMA, title: "Rank plot", vconcat: panels });
}
