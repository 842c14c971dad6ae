import type { TopLevelSpec } from "vega-lite";
import { importOptional } from "../../core/optional-dependency.js";

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
  /** Where the legend goes (default "right"). */
  readonly legend?: "right" | "bottom" | "top-right" | "bottom-right";
}

let plotting: Promise<[typeof import("vega"), typeof import("vega-lite")]> | null = null;

/**
 * Loads vega and vega-lite (optional packages) once; rejects with an OptionalDependencyError naming
 * them when they are not installed. A command that will plot can await it before doing the work.
 */
export function loadPlotting(): Promise<[typeof import("vega"), typeof import("vega-lite")]> {
  plotting ??= importOptional("plot", "plotting", ["vega", "vega-lite"], () => Promise.all([import("vega"), import("vega-lite")]));
  return plotting;
}

/** Renders a Vega-Lite spec to an SVG string (no browser, no canvas). */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const [vega, { compile }] = await loadPlotting();
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** The Vega-Lite unit spec of one line chart (without `$schema`), for `lineChart` and `lineCharts`. */
function chartSpec(series: readonly Series[], opts: LineChartOptions) {
  const values = series.flatMap((s) => s.points.map(([x, y]) => ({ series: s.name, x, y })));
  return {
    ...(opts.title ? { title: opts.title } : {}),
    width: opts.width ?? 480,
    height: opts.height ?? 280,
    data: { values },
    mark: { type: "line" as const, point: values.length <= 60 },
    encoding: {
      x: { field: "x", type: "quantitative" as const, title: opts.xLabel ?? "x" },
      y: { field: "y", type: "quantitative" as const, title: opts.yLabel ?? "y", scale: opts.logY ? { type: "log" as const } : { zero: false } },
      color: { field: "series", type: "nominal" as const, title: null, legend: { labelLimit: 320, orient: opts.legend ?? "right", ...(opts.legend === "bottom" ? { direction: "vertical" as const } : {}) } },
    },
  };
}

/**
 * Line chart of several series as SVG, rendered by Vega-Lite.
 *
 * @example
 * const svg = await lineChart([{ name: "sgd", points: [[0, 2.3], [1, 0.9]] }], { yLabel: "loss" });
 */
export function lineChart(series: readonly Series[], opts: LineChartOptions = {}): Promise<string> {
  return renderSvg({ $schema: "https://vega.github.io/schema/vega-lite/v6.json", ...chartSpec(series, opts) });
}

/** One chart of `lineCharts`. */
export interface ChartPanel {
  readonly series: readonly Series[];
  readonly options?: LineChartOptions;
}

/**
 * Several line charts side by side in one SVG (each with its own axes and legend), e.g. the loss
 * and the accuracy of a training run.
 *
 * @example
 * const svg = await lineCharts([{ series: losses, options: { yLabel: "loss" } }, { series: accuracies, options: { yLabel: "accuracy" } }], { title: "MLP" });
 */
export function lineCharts(panels: readonly ChartPanel[], opts: { title?: string } = {}): Promise<string> {
  return renderSvg({
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    ...(opts.title ? { title: { text: opts.title, anchor: "middle" as const, fontSize: 15, offset: 12 } } : {}),
    hconcat: panels.map((p) => chartSpec(p.series, { width: 400, height: 260, legend: "bottom", ...p.options })),
    resolve: { scale: { color: "independent" } },
  });
}
