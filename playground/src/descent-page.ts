// Page 2, Descent: steepest descent under several norms of optim.norms on 2-D functions drawn as
// contour plots, each norm's unit ball beside its trajectory, L-BFGS for reference.
import { optim } from "wengert";
import { contourPaths, gridValues, PlotFrame } from "./contour-plot.js";
import { customFunction, quadratic, rosenbrock, rotatedHessian, type TestFunction } from "./descent-functions.js";
import { runLbfgs, runSteepest, unitBallPath, type DescentRun, type DescentSettings } from "./descent-run.js";
import { el, formatNumber, messageOf, renderer, slider, svgEl } from "./format.js";

/** The norms offered: id, label, colour, the norm for a function, and whether the parameter is a 1 × 2 matrix. */
const NORMS = [
  { id: "l2", short: "ℓ2", label: "ℓ2 (gradient descent)", color: "#1b9e77", make: () => optim.norms.l2(), matrix: false },
  { id: "l1", short: "ℓ1", label: "ℓ1 (coordinate descent)", color: "#d95f02", make: () => optim.norms.l1(), matrix: false },
  { id: "linf", short: "ℓ∞", label: "ℓ∞ (sign descent)", color: "#7570b3", make: () => optim.norms.linf(), matrix: false },
  { id: "quadratic", short: "quadratic P", label: "quadratic √(vᵀPv), P = ∇²f at the minimum (Newton-like)", color: "#e7298a", make: (t: TestFunction) => optim.norms.quadratic(t.metric), matrix: false },
  { id: "spectral", short: "spectral", label: "spectral (w as a 1 × 2 matrix: the same as ℓ2 for one row)", color: "#a6761d", make: () => optim.norms.spectral({ method: "svd" }), matrix: true },
] as const;
const LBFGS_COLOR = "#444444";
const SIZE = 480;
const GRID = 90;

const main = document.getElementById("main")!;
main.append(el("p", { class: "lead" }, "Steepest descent steps along the direction of unit norm that decreases f fastest; the norm decides which direction that is. Click the plot (or type a start point) to start every run there. With “normalized” off, a step is lr·sharp(∇f): under ℓ2 that is plain gradient descent."));

const schedule = renderer(update);
const fnSelect = el("select", { id: "function" }, el("option", { value: "quadratic" }, "quadratic ½wᵀHw"), el("option", { value: "rosenbrock" }, "Rosenbrock"), el("option", { value: "custom" }, "custom expression"));
const kappa = slider("kappa", "condition number κ", 1, 50, 1, 10, schedule);
const rotation = slider("rotation", "rotation (degrees)", 0, 90, 1, 30, schedule);
const custom = el("input", { type: "text", id: "custom", value: "x^2 + 3*y^2 + sin(3*x)", spellcheck: "false", "aria-describedby": "descent-error" });
const customField = el("label", { for: "custom", class: "expr-wrap", hidden: "" }, "f(x, y) =", custom);
const lr = slider("lr", "learning rate", 0.001, 1, 0.001, 0.15, schedule);
const momentum = slider("momentum", "momentum β", 0, 0.99, 0.01, 0, schedule);
const normalized = el("input", { type: "checkbox", id: "normalized" });
const x0 = el("input", { type: "number", id: "x0", step: "any", value: "-4" });
const y0 = el("input", { type: "number", id: "y0", step: "any", value: "2" });
const normChecks = NORMS.map((n) => el("input", { type: "checkbox", id: `use-${n.id}`, checked: "" }));
const lbfgsCheck = el("input", { type: "checkbox", id: "use-lbfgs", checked: "" });
const errorBox = el("p", { id: "descent-error", class: "error", role: "alert" });

for (const c of [normalized, lbfgsCheck, ...normChecks]) c.addEventListener("change", schedule);
for (const c of [x0, y0, custom]) c.addEventListener("input", schedule);
fnSelect.addEventListener("change", () => {
  const t = currentFunction();
  if (t !== null) {
    x0.value = String(t.start[0]);
    y0.value = String(t.start[1]);
  }
  customField.hidden = fnSelect.value !== "custom";
  kappa.field.hidden = rotation.field.hidden = fnSelect.value !== "quadratic";
  schedule();
});

const plot = svgEl("svg", { class: "plot", id: "contours", viewBox: `0 0 ${SIZE} ${SIZE}`, role: "img", "aria-label": "Contour plot of f with the optimizers' paths; click to start there" }) as SVGSVGElement;
const results = el("tbody");
const balls = el("div", { class: "legend", id: "unit-balls" });
main.append(
  el(
    "form",
    { class: "panel", id: "descent-form" },
    el("div", { class: "controls" }, el("label", { for: "function" }, "function", fnSelect), kappa.field, rotation.field, customField, lr.field, momentum.field, el("label", { for: "normalized" }, "normalized steps", normalized), el("label", { for: "x0" }, "start x", x0), el("label", { for: "y0" }, "start y", y0)),
    el("fieldset", { class: "checks" }, el("legend", {}, "optimizers"), ...NORMS.map((n, i) => el("label", { for: normChecks[i]!.id }, normChecks[i]!, n.label)), el("label", { for: "use-lbfgs" }, lbfgsCheck, "L-BFGS (reference)")),
    errorBox,
  ),
  el(
    "div",
    { class: "grid2" },
    el("section", { class: "panel", "aria-labelledby": "plot-h" }, el("h2", { id: "plot-h" }, "Contours and paths"), plot),
    el(
      "div",
      {},
      el("section", { class: "panel", "aria-labelledby": "res-h" }, el("h2", { id: "res-h" }, "Iterations to ‖∇f‖₂ ≤ 10⁻⁶"), el("div", { class: "scroll" }, el("table", { id: "results" }, el("thead", {}, el("tr", {}, ...["optimizer", "iterations", "final f", "end"].map((h) => el("th", { scope: "col" }, h)))), results))),
      el("section", { class: "panel", "aria-labelledby": "balls-h" }, el("h2", { id: "balls-h" }, "Unit balls {v : ‖v‖ ≤ 1} (shapes, each scaled to fit)"), balls),
    ),
  ),
);
main.addEventListener("submit", (e) => e.preventDefault());
plot.addEventListener("click", (e) => {
  const t = currentFunction();
  if (t === null) return;
  const r = plot.getBoundingClientRect();
  const [x, y] = new PlotFrame(t.box, SIZE, SIZE).point(((e.clientX - r.left) / r.width) * SIZE, ((e.clientY - r.top) / r.height) * SIZE);
  x0.value = x.toFixed(3);
  y0.value = y.toFixed(3);
  schedule();
});

function currentFunction(): TestFunction | null {
  try {
    if (fnSelect.value === "rosenbrock") return rosenbrock;
    if (fnSelect.value === "custom") return customFunction(custom.value);
    return quadratic(rotatedHessian(Number(kappa.input.value), Number(rotation.input.value)));
  } catch {
    return null;
  }
}

/** Runs every chosen optimizer from the start point and draws contours, paths, table and unit balls. */
async function update(): Promise<void> {
  errorBox.textContent = "";
  try {
    const t = fnSelect.value === "custom" ? customFunction(custom.value) : currentFunction()!;
    const start: [number, number] = [Number(x0.value), Number(y0.value)];
    if (!start.every(Number.isFinite)) throw new Error("the start point must be two numbers");
    const s: DescentSettings = { lr: Number(lr.input.value), momentum: Number(momentum.input.value), normalized: normalized.checked, maxIterations: 2000, tolerance: 1e-6 };
    const frame = new PlotFrame(t.box, SIZE, SIZE);
    const runs: { id: string; label: string; color: string; run: DescentRun }[] = [];
    NORMS.forEach((n, i) => {
      if (normChecks[i]!.checked) runs.push({ id: n.id, label: n.short, color: n.color, run: runSteepest(t.f, n.make(t), start, s, n.matrix) });
    });
    if (lbfgsCheck.checked) runs.push({ id: "lbfgs", label: "L-BFGS", color: LBFGS_COLOR, run: runLbfgs(t.f, start, s) });
    drawPlot(t, frame, runs);
    results.replaceChildren(
      ...runs.map(({ id, label, color, run }) =>
        el("tr", { "data-optimizer": id }, el("th", { scope: "row", style: `color:${color}` }, label), el("td", { class: "iterations" }, String(run.iterations)), el("td", {}, formatNumber(run.value, 4)), el("td", {}, run.converged ? "converged" : run.diverged ? "diverged" : "iteration limit")),
      ),
    );
    balls.replaceChildren(...NORMS.map((n) => ballFigure(n.label, n.color, n.make(t), n.matrix)));
  } catch (e) {
    errorBox.textContent = messageOf(e).replace(/^parseExpression: /, "");
  }
}

function drawPlot(t: TestFunction, frame: PlotFrame, runs: { id: string; color: string; run: DescentRun }[]): void {
  const paths = contourPaths(gridValues(t.f, frame, GRID), GRID, frame, 14);
  plot.replaceChildren(
    ...paths.map(({ d, t: level }) => svgEl("path", { d, fill: "none", stroke: `hsl(210, 60%, ${85 - 45 * level}%)`, "stroke-width": 1 })),
    ...runs.map(({ id, color, run }) =>
      svgEl("polyline", { "data-optimizer": id, points: run.path.slice(0, 2001).map(([x, y]) => `${frame.px(x).toFixed(1)},${frame.py(y).toFixed(1)}`).join(" "), fill: "none", stroke: color, "stroke-width": 2, "stroke-linejoin": "round" }),
    ),
    svgEl("circle", { cx: frame.px(runs[0]?.run.path[0]![0] ?? 0), cy: frame.py(runs[0]?.run.path[0]![1] ?? 0), r: 5, fill: "black" }),
  );
}

function ballFigure(label: string, color: string, norm: optim.Norm, matrix: boolean): HTMLElement {
  const svg = svgEl("svg", { viewBox: "-40 -40 80 80", width: 80, height: 80, "aria-hidden": "true" }, svgEl("line", { x1: -38, x2: 38, y1: 0, y2: 0, stroke: "#ccc" }), svgEl("line", { y1: -38, y2: 38, x1: 0, x2: 0, stroke: "#ccc" }), svgEl("path", { d: unitBallPath(norm, matrix, 34), fill: `${color}33`, stroke: color, "stroke-width": 2 }));
  return el("figure", { style: "margin:0;text-align:center;max-width:9rem" }, svg, el("figcaption", { style: "font-size:0.8rem" }, label));
}

schedule();
