import type { Tensor } from "../index.js";
import { numberText } from "./expression-at-point.js";
import { displayWidth } from "../trace/format-value.js";
import { UsageError } from "./usage-error.js";

/**
 * The most entries a matrix the commands print may have (`jacobian`, `hessian`).
 * NOTE: 10⁶ entries print as about 20 MB of text in a few seconds; beyond that the command refuses
 * up front instead of computing for minutes and then failing to build the text.
 */
export const MAX_MATRIX_ENTRIES = 1_000_000;

/** Refuses, before computing it, a `rows` × `columns` matrix with more than MAX_MATRIX_ENTRIES entries. */
export function checkMatrixSize(command: string, what: string, rows: number, columns: number): void {
  const entries = rows * columns;
  if (entries <= MAX_MATRIX_ENTRIES) return;
  const n = (x: number): string => x.toLocaleString("en-US");
  throw new UsageError(
    `${command}: the ${what} would have ${n(rows)} × ${n(columns)} = ${n(entries)} entries, more than the ${n(MAX_MATRIX_ENTRIES)} this command prints; ` +
      `use fewer variables or elements, or call ${command}() from the library and keep the result as a tensor`,
  );
}

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
