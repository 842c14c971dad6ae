import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";

/** One named series of (x, y) points. */
export interface Series {
  readonly name: string;
  readonly points: readonly (readonly [number, number])[];
}

/** Options of `lineChart`. */
export interface LineChartOptions {
  readonly title?: string;
  readonly xLabel?: string;
  readonly yLabel?: string;
  readonly logY?: boolean;
  readonly width?: number;
  readonly height?: number;
}

/** Renders a Vega-Lite spec to an SVG string (no browser, no canvas). */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * Line chart of several series as SVG, rendered by Vega-Lite.
 *
 * @example
 * const svg = await lineChart([{ name: "sgd", points: [[0, 2.3], [1, 0.9]] }], { yLabel: "loss" });
 */
export function lineChart(series: readonly Series[], opts: LineChartOptions = {}): Promise<string> {
  const values = series.flatMap((s) => s.points.map(([x, y]) => ({ series: s.name, x, y })));
  const spec: TopLevelSpec = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    ...(opts.title ? { title: opts.title } : {}),
    width: opts.width ?? 480,
    height: opts.height ?? 280,
    data: { values },
    mark: { type: "line", point: values.length <= 60 },
    encoding: {
      x: { field: "x", type: "quantitative", title: opts.xLabel ?? "x" },
      y: { field: "y", type: "quantitative", title: opts.yLabel ?? "y", scale: opts.logY ? { type: "log" } : { zero: false } },
      color: { field: "series", type: "nominal", title: null, legend: { labelLimit: 320 } },
    },
  };
  return renderSvg(spec);
}
