import { hessian, jacobian, reshape, slice, tensor, type ParsedExpression, type Tensor } from "wengert";
import { el, formatTensor } from "./format.js";

/** A matrix (or vector) as a small table with row and column labels. */
function matrixTable(caption: string, m: Tensor, rows: readonly string[], cols: readonly string[]): HTMLTableElement {
  const a = m.toArray() as number[] | number[][];
  const body = el("tbody");
  const grid = Array.isArray(a[0]) ? (a as number[][]) : [a as number[]];
  grid.forEach((r, i) => body.append(el("tr", {}, el("th", { scope: "row" }, rows[i] ?? ""), ...r.map((v) => el("td", { class: "mono" }, formatTensor(tensor(v)))))));
  return el("table", { class: "matrix" }, el("caption", {}, caption), el("thead", {}, el("tr", {}, el("th", {}), ...cols.map((c) => el("th", { scope: "col" }, c)))), body);
}

/**
 * The derivatives of f at the values: the gradient and the Hessian for a scalar f, the Jacobian for
 * a vector f, each by the library's `jacobian` and `hessian` of f as a function of one vector.
 */
export function derivativesPanel(parsed: ParsedExpression, args: readonly number[]): HTMLElement {
  const n = parsed.variables.length;
  if (n === 0) return el("p", { class: "status" }, "f has no variables.");
  // NOTE: f of scalars becomes g of one vector, so one jacobian/hessian call covers every variable.
  const g = (x: Tensor) => parsed.fn(...parsed.variables.map((_, i) => reshape(slice(x, [i], [1]), [])));
  const x = tensor([...args], { dtype: "float64" });
  const y = g(x);
  const cols = parsed.variables.map((v) => `∂/∂${v}`);
  if (y.shape.length === 0)
    return el("div", { class: "grid2" }, matrixTable("gradient ∇f", jacobian(g)(x), ["f"], cols), matrixTable("Hessian ∇²f", hessian(g)(x), parsed.variables.map((v) => `∂/∂${v}`), cols));
  if (y.shape.length === 1) return matrixTable(`Jacobian (${y.shape[0]} × ${n})`, jacobian(g)(x), Array.from({ length: y.shape[0]! }, (_, i) => `f${i + 1}`), cols);
  return el("p", {}, `f = ${formatTensor(y)} (shape [${y.shape.join(", ")}])`);
}
