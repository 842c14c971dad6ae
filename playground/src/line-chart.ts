import { formatNumber, svgEl } from "./format.js";

/** A series of a line chart. */
export interface Series {
  readonly name: string;
  readonly color: string;
  readonly points: readonly (readonly [number, number])[];
}

/** Redraws `svg` as a line chart of the series (x from 0, y from `yMin` or the data), with ticks. */
export function drawLineChart(svg: SVGSVGElement, series: readonly Series[], opts: { yMin?: number; yMax?: number; xLabel: string }): void {
  const [W, H, L, B, T, R] = [480, 220, 44, 28, 8, 10];
  const all = series.flatMap((s) => s.points);
  const xMax = Math.max(1, ...all.map((p) => p[0]));
  const ys = all.map((p) => p[1]).filter(Number.isFinite);
  const yMin = opts.yMin ?? Math.min(0, ...ys);
  const yMax = opts.yMax ?? Math.max(yMin + 1e-9, ...ys);
  const px = (x: number) => L + (x / xMax) * (W - L - R);
  const py = (y: number) => T + (1 - (y - yMin) / (yMax - yMin)) * (H - T - B);
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => yMin + f * (yMax - yMin));
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
  svg.replaceChildren(
    ...ticks.flatMap((y) => [
      svgEl("line", { x1: L, x2: W - R, y1: py(y), y2: py(y), stroke: "#e3e6ee" }),
      svgEl("text", { x: L - 4, y: py(y) + 4, "text-anchor": "end", "font-size": 11, fill: "#5b6478" }, formatNumber(y, 2)),
    ]),
    svgEl("line", { x1: L, x2: W - R, y1: H - B, y2: H - B, stroke: "#888" }),
    svgEl("text", { x: W - R, y: H - 8, "text-anchor": "end", "font-size": 11, fill: "#5b6478" }, `${opts.xLabel} ${Math.round(xMax)}`),
    ...series.map((s) =>
      svgEl("polyline", { "data-series": s.name, points: s.points.map(([x, y]) => `${px(x).toFixed(1)},${py(Math.min(yMax, Math.max(yMin, y))).toFixed(1)}`).join(" "), fill: "none", stroke: s.color, "stroke-width": 2 }),
    ),
  );
}
