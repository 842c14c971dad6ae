import { displayWidth, padDisplay } from "./format-value.js";

/**
 * Two columns side by side under their headings, as the notes lay out their tables; the
 * shorter column is padded with blank lines.
 *
 * @example
 * textColumns(["Forward primal trace", "Forward tangent trace"], ["v0 = x = 2"], ["v̇0 = ẋ = 1"]);
 */
export function textColumns(headers: readonly [string, string], left: readonly string[], right: readonly string[]): string {
  const width = Math.max(displayWidth(headers[0]), ...left.map(displayWidth));
  const rightWidth = Math.max(displayWidth(headers[1]), ...right.map(displayWidth));
  const n = Math.max(left.length, right.length);
  const lines = [`${padDisplay(headers[0], width)} │ ${headers[1]}`, `${"─".repeat(width)}─┼─${"─".repeat(rightWidth)}`];
  for (let i = 0; i < n; i++) lines.push(`${padDisplay(left[i] ?? "", width)} │ ${right[i] ?? ""}`.trimEnd());
  return lines.join("\n");
}

/** Escapes the characters that Markdown would read as table cells or emphasis. */
export function escapeMarkdown(s: string): string {
  return s.replace(/[\\|*_`]/g, (c) => `\\${c}`);
}

/**
 * A Markdown table with the given headings and columns (blank cells where one is shorter).
 *
 * @example
 * markdownColumns(["Forward primal trace", "Reverse adjoint trace"], left, right);
 */
export function markdownColumns(headers: readonly string[], ...columns: readonly (readonly string[])[]): string {
  const n = Math.max(...columns.map((c) => c.length));
  const lines = [`| ${headers.map(escapeMarkdown).join(" | ")} |`, `|${headers.map(() => " --- ").join("|")}|`];
  for (let i = 0; i < n; i++) lines.push(`| ${columns.map((c) => escapeMarkdown(c[i] ?? "")).join(" | ")} |`);
  return lines.join("\n");
}
