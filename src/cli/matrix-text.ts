import type { Tensor } from "../index.js";
import { numberText } from "./expression-at-point.js";
import { displayWidth } from "../trace/format-value.js";

/**
 * A labelled matrix as aligned text (row labels on the left, column labels on top).
 *
 * @example
 * matrixText(["f"], ["x", "y"], [["3", "2"]]);
 * //    x  y
 * // f  3  2
 */
export function matrixText(rows: readonly string[], columns: readonly string[], cells: readonly (readonly string[])[]): string {
  const labelWidth = Math.max(0, ...rows.map(displayWidth));
  const widths = columns.map((c, j) => Math.max(displayWidth(c), ...cells.map((r) => displayWidth(r[j] ?? ""))));
  const pad = (s: string, w: number) => " ".repeat(Math.max(0, w - displayWidth(s))) + s;
  const line = (label: string, items: readonly string[]) => `${label}${" ".repeat(labelWidth - displayWidth(label))}  ${items.map((s, j) => pad(s, widths[j]!)).join("  ")}`.trimEnd();
  return [line("", columns), ...rows.map((r, i) => line(r, cells[i]!))].join("\n");
}

/** The entries of a matrix as text cells, row by row. */
export function matrixCells(m: Tensor, digits: number): string[][] {
  return (m.toArray() as number[][]).map((row) => row.map((v) => numberText(v, digits)));
}
