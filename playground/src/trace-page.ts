// Page 1, Trace: type a function, see its Wengert list with the forward tangent and reverse adjoint
// tables of the notes beside its graph, and step through both sweeps node by node.
import { forwardTable, parseExpression, reverseTable, type ParsedExpression } from "wengert";
import { derivativesPanel } from "./derivatives-panel.js";
import { clearExpressionError, showExpressionError } from "./expression-field.js";
import { el, renderer } from "./format.js";
import { renderGraph } from "./trace-graph.js";
import { Stepper } from "./trace-stepper.js";
import { forwardTableElement, reverseTableElement, type SweepStep } from "./trace-tables.js";

const main = document.getElementById("main")!;
main.append(
  el("p", { class: "lead" }, "Write a function of scalar variables. Its evaluation trace (a Wengert list) is tabulated as in Griewank & Walther and Baydin et al.: forward mode carries tangents v̇ (dual numbers v + v̇ε) down the trace, reverse mode carries adjoints v̄ back up."),
);

const exprInput = el("input", { id: "expr", type: "text", value: "ln(x1) + x1*x2 - sin(x2)", spellcheck: "false", autocomplete: "off", "aria-describedby": "expr-error expr-help" });
const errorBox = el("div", { id: "expr-error", "aria-live": "polite" });
const varsBox = el("div", { class: "controls", id: "variables", role: "group", "aria-label": "Values and tangent seeds of the variables" });
const form = el(
  "form",
  { class: "panel", id: "trace-form" },
  el("div", { class: "controls" }, el("label", { class: "expr-wrap", for: "expr" }, "f =", exprInput)),
  el("p", { id: "expr-help", class: "status" }, "+ − * / ^, functions by name (ln, exp, sin, tanh, sqrt, …), pi, e, vectors [a, b] (a vector output gives a Jacobian)."),
  errorBox,
  varsBox,
);
form.addEventListener("submit", (e) => e.preventDefault());

const stepper = new Stepper();
const forwardBox = el("div", { class: "scroll", id: "forward-table" });
const reverseBox = el("div", { class: "scroll", id: "reverse-table" });
const graphBox = el("div", { class: "graph scroll", id: "graph", role: "img", "aria-label": "The computational graph" });
const derivBox = el("div", { id: "derivatives", class: "scroll" });
main.append(
  form,
  el("section", { class: "panel", "aria-label": "Step through the sweeps" }, stepper.element),
  el(
    "div",
    { class: "trace-grid" },
    el(
      "div",
      {},
      el("section", { class: "panel", "aria-labelledby": "fwd-h" }, el("h2", { id: "fwd-h" }, el("span", { class: "badge forward" }, "forward"), " primal trace, tangent trace and dual numbers"), forwardBox),
      el("section", { class: "panel", "aria-labelledby": "rev-h" }, el("h2", { id: "rev-h" }, el("span", { class: "badge reverse" }, "reverse"), " primal trace and adjoint trace ↑ (ȳ = 1)"), reverseBox),
      el("section", { class: "panel", "aria-labelledby": "der-h" }, el("h2", { id: "der-h" }, "Derivatives"), derivBox),
    ),
    el("section", { class: "panel", "aria-labelledby": "graph-h" }, el("h2", { id: "graph-h" }, "Computational graph (v, v̇, v̄ on every node)"), graphBox),
  ),
);

const values = new Map<string, { value: string; tangent: string }>([
  ["x1", { value: "2", tangent: "1" }],
  ["x2", { value: "5", tangent: "0" }],
]);

/** Inputs for every variable of the expression: its value and its tangent seed ẋ. */
function variableInputs(parsed: ParsedExpression): void {
  const names = parsed.variables;
  if (varsBox.dataset.names === names.join(",")) return;
  varsBox.dataset.names = names.join(",");
  varsBox.replaceChildren();
  names.forEach((name, i) => {
    const saved = values.get(name) ?? { value: "1", tangent: i === 0 ? "1" : "0" };
    values.set(name, saved);
    const v = el("input", { type: "number", step: "any", id: `value-${name}`, value: saved.value });
    const t = el("input", { type: "number", step: "any", id: `tangent-${name}`, value: saved.tangent });
    v.addEventListener("input", () => ((saved.value = v.value), schedule()));
    t.addEventListener("input", () => ((saved.tangent = t.value), schedule()));
    varsBox.append(el("label", { for: v.id }, `${name} =`, v), el("label", { for: t.id }, `ẋ (${name}) =`, t));
  });
}

/** Parses, traces and tabulates the expression at the values; shows the first error instead. */
async function update(): Promise<void> {
  let parsed: ParsedExpression;
  try {
    parsed = parseExpression(exprInput.value);
  } catch (e) {
    showExpressionError(errorBox, exprInput, e);
    return;
  }
  variableInputs(parsed);
  try {
    const args = parsed.variables.map((n) => Number(values.get(n)!.value));
    const tangents = parsed.variables.map((n) => Number(values.get(n)!.tangent));
    const bad = parsed.variables.findIndex((_, i) => !Number.isFinite(args[i]) || !Number.isFinite(tangents[i]));
    if (bad >= 0) throw new Error(`${parsed.variables[bad]}: its value and tangent must be numbers`);
    const fwd = forwardTable(parsed.fn, args, tangents);
    const rev = reverseTable(parsed.fn, args);
    clearExpressionError(errorBox, exprInput);
    const steps: SweepStep[] = [];
    forwardBox.replaceChildren(forwardTableElement(fwd, steps));
    reverseBox.replaceChildren(reverseTableElement(rev, steps));
    derivBox.replaceChildren(derivativesPanel(parsed, args));
    await renderGraph(graphBox, fwd.program, tangents);
    stepper.reset(steps, graphBox);
  } catch (e) {
    showExpressionError(errorBox, exprInput, e);
  }
}

const schedule = renderer(update);
exprInput.addEventListener("input", schedule);
schedule();
