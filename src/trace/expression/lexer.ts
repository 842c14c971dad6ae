import { ExpressionError } from "./expression-error.js";
import { quoteText } from "./quote-text.js";

/** A token of a math expression. */
export interface Token {
  readonly kind: "number" | "name" | "operator" | "end";
  /** The operator (normalised: `**` → `^`, `×` → `*`, `−` → `-`), the name, or the number's text. */
  readonly text: string;
  /** The value of a number token. */
  readonly value: number;
  /** 1-based column in Unicode code points. */
  readonly column: number;
}

/** Operators, with the Unicode spellings the notes use. */
const OPERATORS: Readonly<Record<string, string>> = {
  "+": "+", "-": "-", "*": "*", "/": "/", "^": "^", "(": "(", ")": ")", "[": "[", "]": "]", ",": ",",
  "\u2212": "-", "×": "*", "·": "*", "⋅": "*", "÷": "/",
};

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= "0" && c <= "9";
const isNameStart = (c: string): boolean => /[\p{L}_]/u.test(c);
const isNamePart = (c: string): boolean => /[\p{L}\p{N}_]/u.test(c);

/** A character as an error message shows it: itself, or its code point when invisible. */
export function showChar(c: string): string {
  return /[\p{L}\p{N}\p{P}\p{S}]/u.test(c) ? `'${c}'` : `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
}

/**
 * Splits a math expression into tokens. Columns count Unicode code points, so an emoji or a
 * Greek letter is one column.
 *
 * @example
 * tokenize("2*x1"); // number 2 @1, operator * @2, name x1 @3, end @5
 */
export function tokenize(source: string): Token[] {
  const chars = Array.from(source);
  const tokens: Token[] = [];
  let i = 0;
  while (i < chars.length) {
    const c = chars[i]!;
    const column = i + 1;
    if (/\s/u.test(c)) {
      i++;
    } else if (isDigit(c) || (c === "." && isDigit(chars[i + 1]))) {
      let j = i;
      while (isDigit(chars[j])) j++;
      if (chars[j] === ".") {
        j++;
        while (isDigit(chars[j])) j++;
      }
      if (chars[j] === "e" || chars[j] === "E") {
        let k = j + 1;
        if (chars[k] === "+" || chars[k] === "-") k++;
        if (!isDigit(chars[k]))
          throw new ExpressionError(`malformed number ${quoteText(chars.slice(i, k).join(""))} at column ${column}: expected digits after the exponent`, column);
        while (isDigit(chars[k])) k++;
        j = k;
      }
      const text = chars.slice(i, j).join("");
      tokens.push({ kind: "number", text, value: Number(text), column });
      i = j;
    } else if (isNameStart(c)) {
      let j = i + 1;
      while (j < chars.length && isNamePart(chars[j]!)) j++;
      tokens.push({ kind: "name", text: chars.slice(i, j).join(""), value: NaN, column });
      i = j;
    } else if (c === "*" && chars[i + 1] === "*") {
      tokens.push({ kind: "operator", text: "^", value: NaN, column });
      i += 2;
    } else if (OPERATORS[c] !== undefined) {
      tokens.push({ kind: "operator", text: OPERATORS[c]!, value: NaN, column });
      i++;
    } else {
      throw new ExpressionError(`unexpected character ${showChar(c)} at column ${column}`, column);
    }
  }
  tokens.push({ kind: "end", text: "", value: NaN, column: chars.length + 1 });
  return tokens;
}
