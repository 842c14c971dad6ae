import { ExpressionError } from "wengert";
import { el, messageOf } from "./format.js";

/**
 * Shows an error under the expression input: the message, and the expression again with the
 * character at the error's column underlined (`data-column` holds the column, 1-based, in code points).
 */
export function showExpressionError(box: HTMLElement, input: HTMLInputElement, error: unknown): void {
  box.replaceChildren();
  input.setAttribute("aria-invalid", "true");
  const message = messageOf(error).replace(/^parseExpression: /, "");
  box.append(el("p", { class: "error", role: "alert" }, message));
  if (!(error instanceof ExpressionError)) return;
  // NOTE: columns count code points (the parser's convention), so the text is split by code point.
  const chars = [...input.value];
  const at = Math.min(Math.max(error.column, 1), chars.length + 1) - 1;
  const bad = chars[at] ?? " ";
  const mark = el("mark", { "data-column": String(error.column), title: `column ${error.column}` }, bad);
  box.append(el("p", { class: "error-line", "aria-hidden": "true" }, chars.slice(0, at).join(""), mark, chars.slice(at + 1).join("")));
}

/** Clears the error shown by `showExpressionError`. */
export function clearExpressionError(box: HTMLElement, input: HTMLInputElement): void {
  box.replaceChildren();
  input.removeAttribute("aria-invalid");
}
