import { checkFiniteNumber, checkInteger } from "../../core/validate.js";
import { checkKnownOptions } from "./options.js";
import { renderSvg, SCHEMA } from "./render-svg.js";
import { checkDraws, checkSites, elementChains, elements, type SiteDraws } from "./site-draws.js";

/** Options of `tracePlot` and `rankPlot`. */
export interface DrawPlotOptions {
  /** Only these sites, in this order (default all). */
  readonly sites?: readonly string[];
  /** Width of each panel in pixels (default 480). */
  readonly width?: number;
  /** Height of each panel in pixels (default 120). */
  readonly height?: number;
  /** Rank plots: the number of rank bins per chain (default 20). */
  readonly bins?: number;
}

/** Checks the shared options of the draw plots; the error names `fn`. */
export function checkPlotOptions(opts: unknown, fn: string, allowed: readonly string[]): { width: number; height: number; bins: number; sites?: readonly string[] } {
  const o = checkKnownOptions<DrawPlotOptions>(opts, fn, allowed);
  return {
    width: o.width === undefined ? 480 : checkFiniteNumber(o.width, fn, "options.width", "positive"),
    height: o.height === undefined ? 120 : checkFiniteNumber(o.height, fn, "options.height", "positive"),
    bins: o.bins === undefined ? 20 : checkInteger(o.bins, fn, "options.bins", 1, 10000),
    ...(o.sites === undefined ? {} : { sites: o.sites }),
  };
}

/**
 * Trace plots as SVG: one panel per scalar element (sites in order), each draw against its
 * iteration, one line per chain in its own colour. Well-mixed chains overlap like noise around the
 * same level; a chain apart from the others, or drifting, has not converged.
 *
 * @example
 * const svg = await infer.diagnostics.tracePlot({ mu: { shape: [], chains } });
 */
export function tracePlot(draws: Readonly<Record<string, SiteDraws>>, opts?: DrawPlotOptions): Promise<string> {
  const fn = "tracePlot";
  const checked = checkDraws(draws, fn);
  const o = checkPlotOptions(opts, fn, ["sites", "width", "height"]);
  const els = elements(checked, checkSites(o.sites, checked, fn, "options.sites"));
  const panels = els.map((e) => {
    const values = elementChains(checked, e).flatMap((c, chain) => Array.from(c, (value, iteration) => ({ chain: String(chain), iteration, value })));
    return {
      width: o.width,
      height: o.height,
      data: { values },
      mark: { type: "line" as const, strokeWidth: 0.8, opacity: 0.8 },
      encoding: {
        x: { field: "iteration", type: "quantitative" as const, title: "iteration" },
        y: { field: "value", type: "quantitative" as const, title: e.name, scale: { zero: false } },
        color: { field: "chain", type: "nominal" as const, title: "chain" },
      },
    };
  });
  return renderSvg(fn, { $schema: SCHEMA, title: "Trace plot", vconcat: panels });
}
