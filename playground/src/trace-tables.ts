import type { ForwardTable, ReverseTable, Tensor } from "wengert";
import { el, formatNumber, formatTensor, MINUS } from "./format.js";

type Row = ForwardTable["primal"][number];

/** One step of the stepper: the table cells it highlights and the graph node it stands at. */
export interface SweepStep {
  readonly sweep: "forward" | "reverse";
  readonly cells: readonly HTMLElement[];
  /** The graph node's id (`v_m1`, `v0`, `v3`), or null. */
  readonly node: string | null;
  /** What the step computes, for the status line. */
  readonly text: string;
}

/** The graph node defining variable `index` (the ids of `Program.toDot`). */
export const nodeId = (index: number | null): string | null => (index === null ? null : index < 0 ? `v_m${-index}` : `v${index}`);

/**
 * A row as the notes print it: target = chain = formula = substituted values = value, repeats skipped.
 * NOTE: forward rows substitute values into their formulas, adjoint rows do not (the textbook's layout).
 */
export function rowText(row: Row, substitute: boolean): string {
  const parts = [row.target, row.chain, row.formula, substitute ? row.substituted : null, formatTensor(row.value)];
  const kept: string[] = [];
  for (const p of parts) if (p !== null && p !== kept[kept.length - 1]) kept.push(p);
  return kept.join(" = ");
}

/** The dual number a + ȧε of a primal value and its tangent. */
export function dualText(primal: Tensor, tangent: Tensor): string {
  const a = primal.toArray();
  const t = tangent.toArray();
  if (typeof a === "number" && typeof t === "number") return `${formatNumber(a)} ${t < 0 ? MINUS : "+"} ${formatNumber(Math.abs(t))}ε`;
  return `${formatTensor(primal)} + ${formatTensor(tangent)}ε`;
}

/** The forward table: primal trace, tangent trace and dual numbers, one row per variable; adds its steps. */
export function forwardTableElement(table: ForwardTable, steps: SweepStep[]): HTMLTableElement {
  const body = el("tbody");
  table.primal.forEach((p, i) => {
    const t = table.tangent[i];
    const tr = el(
      "tr",
      { "data-sweep": "forward", "data-step": String(steps.length) },
      el("td", { class: "primal" }, rowText(p, true)),
      el("td", { class: "tangent" }, t === undefined ? "" : rowText(t, true)),
      el("td", { class: "dual" }, t === undefined ? "" : `${p.target} = ${dualText(p.value, t.value)}`),
    );
    body.append(tr);
    steps.push({ sweep: "forward", cells: [tr], node: nodeId(p.variable), text: `${rowText(p, true)}; ${t === undefined ? "" : rowText(t, true)}` });
  });
  return el("table", { class: "trace", "aria-label": "Forward mode table" }, el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "Forward primal trace"), el("th", { scope: "col" }, "Forward tangent trace"), el("th", { scope: "col" }, "Dual number v + v̇ε"))), body);
}

/**
 * The reverse table as the notes print it: the primal trace beside the adjoint trace, which reads
 * upwards (results x̄ on top, the seed ȳ at the bottom); steps follow the sweep's execution order.
 */
export function reverseTableElement(table: ReverseTable, steps: SweepStep[]): HTMLTableElement {
  const column = table.adjointColumn;
  const cells = new Map<Row, HTMLElement>();
  const body = el("tbody");
  for (let i = 0; i < Math.max(table.primal.length, column.length); i++) {
    const p = table.primal[i];
    const a = column[i];
    const cell = el("td", { class: "adjoint" }, a === undefined ? "" : rowText(a, false));
    if (a !== undefined) {
      cell.dataset.kind = a.kind;
      cells.set(a, cell);
    }
    body.append(el("tr", {}, el("td", { class: "primal" }, p === undefined ? "" : rowText(p, true)), cell));
  }
  for (const a of table.adjoint) {
    const cell = cells.get(a)!;
    cell.dataset.sweep = "reverse";
    cell.dataset.step = String(steps.length);
    steps.push({ sweep: "reverse", cells: [cell], node: nodeId(a.variable), text: rowText(a, false) });
  }
  return el("table", { class: "trace", "aria-label": "Reverse mode table" }, el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "Forward primal trace"), el("th", { scope: "col" }, "Reverse adjoint trace ↑"))), body);
}
