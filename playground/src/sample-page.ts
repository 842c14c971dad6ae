// Page 4, Sample: NUTS (infer.nuts) on 2-D posteriors, the draws animated over the density's
// contours, divergent transitions marked.
import { contourPaths, gridValues, PlotFrame } from "./contour-plot.js";
import { el, formatNumber, slider, svgEl } from "./format.js";
import type { SampleConfig, SampleResult } from "./sample-protocol.js";
import { TARGETS } from "./sample-targets.js";
import { neg } from "wengert";

const SIZE = 480;
const CHAIN_COLORS = ["#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e"];

const main = document.getElementById("main")!;
main.append(el("p", { class: "lead" }, "The No-U-Turn Sampler (infer.nuts, Stan's algorithm and warm-up) draws from a two-dimensional density given only its log density and gradient. Each chain has its own colour; a red × marks a divergent transition, where the leapfrog integrator broke down (the funnel's neck is the classic place)."));

const targetSelect = el("select", { id: "target" }, ...Object.keys(TARGETS).map((t) => el("option", { value: t }, t)));
const chains = el("input", { type: "number", id: "chains", min: "1", max: "4", step: "1", value: "2" });
const warmup = el("input", { type: "number", id: "warmup", min: "10", step: "1", value: "300" });
const samples = el("input", { type: "number", id: "samples", min: "10", step: "1", value: "500" });
const seed = el("input", { type: "number", id: "seed", step: "1", value: "1" });
const accept = slider("accept", "target acceptance", 0.5, 0.99, 0.01, 0.8, () => undefined);
const run = el("button", { type: "submit", id: "run" }, "Sample");
const progress = el("progress", { id: "progress", max: "1", value: "0", "aria-label": "Sampling progress" });
const status = el("p", { class: "status", id: "sample-status", "aria-live": "polite" }, "Press Sample.");
const plot = svgEl("svg", { class: "plot", id: "draws", viewBox: `0 0 ${SIZE} ${SIZE}`, role: "img", "aria-label": "Contours of the density with the draws; divergent transitions are red crosses" }) as SVGSVGElement;
const summaryBody = el("tbody");
const form = el(
  "form",
  { class: "panel", id: "sample-form" },
  el("div", { class: "controls" }, el("label", { for: "target" }, "posterior", targetSelect), el("label", { for: "chains" }, "chains", chains), el("label", { for: "warmup" }, "warm-up", warmup), el("label", { for: "samples" }, "draws per chain", samples), accept.field, el("label", { for: "seed" }, "seed", seed), run),
  el("div", { class: "controls" }, progress, status),
);
main.append(
  form,
  el(
    "div",
    { class: "grid2" },
    el("section", { class: "panel", "aria-labelledby": "draws-h" }, el("h2", { id: "draws-h" }, "Draws"), plot),
    el(
      "section",
      { class: "panel", "aria-labelledby": "sum-h" },
      el("h2", { id: "sum-h" }, "Summary (posterior.summary())"),
      el("div", { class: "scroll" }, el("table", { id: "summary" }, el("thead", {}, el("tr", {}, ...["", "exact mean", "mean", "MCSE", "R̂", "bulk ESS"].map((h) => el("th", { scope: "col" }, h)))), summaryBody)),
      el("dl", { class: "stats", id: "sample-stats" }),
    ),
  ),
);
targetSelect.addEventListener("change", () => drawBackground());

let frame: PlotFrame;
let layer: SVGElement;
function drawBackground(): void {
  const t = TARGETS[targetSelect.value]!;
  frame = new PlotFrame(t.box, SIZE, SIZE);
  // NOTE: contours of −log p (levels spaced in log(−log p − min + 1)).
  const paths = contourPaths(gridValues((x, y) => neg(t.logDensity(x, y)), frame, 90), 90, frame, 12);
  layer = svgEl("g", { id: "draw-layer" });
  plot.replaceChildren(
    ...paths.map(({ d, t: level }) => svgEl("path", { d, fill: "none", stroke: `hsl(30, 50%, ${60 + 30 * level}%)`, "stroke-width": 1 })),
    svgEl("text", { x: SIZE - 6, y: SIZE / 2 - 4, "text-anchor": "end", "font-size": 12, fill: "#666" }, t.axes[0]),
    svgEl("text", { x: SIZE / 2 + 4, y: 14, "font-size": 12, fill: "#666" }, t.axes[1]),
    svgEl("line", { x1: 0, x2: SIZE, y1: frame.py(0), y2: frame.py(0), stroke: "#ddd" }),
    svgEl("line", { y1: 0, y2: SIZE, x1: frame.px(0), x2: frame.px(0), stroke: "#ddd" }),
    layer,
  );
}

form.addEventListener("submit", (e) => {
  e.preventDefault();
  start();
});

let worker: Worker | null = null;
function start(): void {
  worker?.terminate();
  drawBackground();
  const c: SampleConfig = {
    target: targetSelect.value,
    chains: Math.min(4, Math.max(1, Math.round(Number(chains.value)))),
    warmup: Math.max(10, Math.round(Number(warmup.value))),
    samples: Math.max(10, Math.round(Number(samples.value))),
    targetAccept: Number(accept.input.value),
    seed: Math.round(Number(seed.value)) || 0,
  };
  main.dataset.state = "sampling";
  run.disabled = true;
  status.textContent = "Warming up and sampling…";
  progress.value = 0;
  worker = new Worker(new URL("./sample-worker.ts", import.meta.url), { type: "module" });
  worker.addEventListener("message", (e: MessageEvent<SampleResult>) => {
    const m = e.data;
    if (m.type === "progress") progress.value = m.fraction;
    else if (m.type === "error") finish(`Sampling failed: ${m.message}`);
    else show(c, m);
  });
  worker.addEventListener("error", (e) => finish(`The worker failed: ${e.message}`));
  worker.postMessage(c);
}

function show(c: SampleConfig, r: Extract<SampleResult, { type: "done" }>): void {
  progress.value = 1;
  const t = TARGETS[c.target]!;
  const divergences = r.divergent.reduce((s, d) => s + d, 0);
  main.dataset.divergences = String(divergences);
  summaryBody.replaceChildren(
    ...r.summary.map((s, i) =>
      el("tr", { "data-coordinate": t.axes[i]! }, el("th", { scope: "row" }, t.axes[i]!), el("td", {}, formatNumber(t.means[i]!)), el("td", { class: "mean" }, formatNumber(s.mean, 4)), el("td", { class: "mcse" }, formatNumber(s.mcse, 4)), el("td", {}, formatNumber(s.rhat, 3)), el("td", {}, String(Math.round(s.essBulk)))),
    ),
  );
  const stat = (label: string, value: string, id: string) => el("div", {}, el("dt", {}, label), el("dd", { id }, value));
  document.getElementById("sample-stats")!.replaceChildren(
    stat("divergences", `${divergences} of ${r.divergent.length}`, "stat-divergences"),
    stat("step size ε", r.stepSize.map((e) => formatNumber(e, 3)).join(", "), "stat-step"),
    stat("mean tree depth", formatNumber(r.meanTreeDepth, 2), "stat-depth"),
    stat("time", `${formatNumber(r.seconds, 1)} s`, "stat-time"),
  );
  status.textContent = `${c.chains} × ${c.samples} draws after ${c.warmup} warm-up iterations; ${divergences} divergent.`;
  animate(c, r);
}

/** Adds the draws to the plot a batch per frame, chains interleaved (all at once when reduced motion is asked for). */
function animate(c: SampleConfig, r: Extract<SampleResult, { type: "done" }>): void {
  const n = c.samples;
  const reduce = globalThis.matchMedia?.("(prefers-reduced-motion: reduce)").matches ?? false;
  const perFrame = reduce ? n : Math.max(1, Math.ceil(n / 90));
  let i = 0;
  const step = () => {
    const marks: SVGElement[] = [];
    for (const end = Math.min(n, i + perFrame); i < end; i++)
      for (let ch = 0; ch < c.chains; ch++) {
        const k = ch * n + i;
        const [x, y] = [frame.px(r.draws[2 * k]!), frame.py(r.draws[2 * k + 1]!)];
        if (r.divergent[k])
          marks.push(svgEl("path", { class: "divergent", d: `M${x - 4} ${y - 4}L${x + 4} ${y + 4}M${x - 4} ${y + 4}L${x + 4} ${y - 4}`, stroke: "#d62728", "stroke-width": 2 }));
        else marks.push(svgEl("circle", { class: "draw", cx: x.toFixed(1), cy: y.toFixed(1), r: 1.8, fill: CHAIN_COLORS[ch]!, "fill-opacity": 0.6 }));
      }
    layer.append(...marks);
    if (i < n) requestAnimationFrame(step);
    else {
      // NOTE: divergent marks are raised above the draws so none hides under a dot.
      layer.append(...Array.from(layer.querySelectorAll(".divergent")));
      finish(status.textContent ?? "");
    }
  };
  requestAnimationFrame(step);
}

function finish(message: string): void {
  status.textContent = message;
  run.disabled = false;
  main.dataset.state = "done";
}

drawBackground();
