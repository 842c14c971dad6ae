// The "wengert/plot" entry: line charts (Vega-Lite, optional packages) and image grids (no dependencies).
export * from "./line-chart.js";
export * from "./image-grid.js";
