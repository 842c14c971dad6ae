import type { ExpressionNode } from "./ast.js";
import { closestName } from "./closest-name.js";
import { ExpressionError } from "./expression-error.js";
import { expressionConstants, expressionFunctions } from "./functions.js";
import { tokenize, type Token } from "./lexer.js";
import { quoteText } from "./quote-text.js";

/** Left and right binding powers of infix operators; `^` binds right (2^3^2 = 2^9). */
const INFIX: Readonly<Record<string, readonly [number, number]>> = {
  "+": [1, 2],
  "-": [1, 2],
  "*": [3, 4],
  "/": [3, 4],
  "^": [7, 6],
};
/** Unary minus binds looser than `^` (−x^2 = −(x^2)) and tighter than `*`. */
const PREFIX = 5;
/** Indexing `x[0]` binds tightest. */
const POSTFIX = 9;
/** Nesting deeper than this is refused (it would overflow the call stack). */
export const MAX_DEPTH = 1000;

function describe(t: Token): string {
  if (t.kind === "end") return "end of input";
  if (t.kind === "number") return `number ${quoteText(t.text)}`;
  return quoteText(t.text);
}

/**
 * A Pratt (precedence-climbing) parser for math expressions: `+ - * / ^` (also `**`, `×`, `·`,
 * `−`, `÷`), unary minus, parentheses, calls of the library's ops by name, vector literals
 * `[a, b]` and indexing `x[0]`. Chains of `+`/`*` are parsed in a loop, so very long sums are fine.
 */
class Parser {
  private pos = 0;
  private depth = 0;
  readonly variables = new Set<string>();

  constructor(private readonly tokens: readonly Token[]) {}

  parse(): ExpressionNode {
    const node = this.expression(0);
    const t = this.peek();
    if (t.kind !== "end") {
      const hint = t.kind === "name" || (t.kind === "operator" && (t.text === "(" || t.text === "[")) ? " (write * for a product: 2*x)" : "";
      throw this.error(`unexpected ${describe(t)} at column ${t.column}${hint}`, t);
    }
    return node;
  }

  private peek(): Token {
    return this.tokens[this.pos]!;
  }

  private next(): Token {
    return this.tokens[this.pos++]!;
  }

  private isOperator(text: string): boolean {
    const t = this.peek();
    return t.kind === "operator" && t.text === text;
  }

  private error(message: string, t: Token): ExpressionError {
    return new ExpressionError(message, t.column);
  }

  private expect(text: string, opener: Token): void {
    const t = this.peek();
    if (t.kind === "operator" && t.text === text) {
      this.pos++;
      return;
    }
    throw this.error(`expected '${text}' to close '${opener.text}' at column ${opener.column}, got ${describe(t)} at column ${t.column}`, t);
  }

  private expression(minBp: number): ExpressionNode {
    const start = this.peek();
    if (++this.depth > MAX_DEPTH) throw this.error(`expression nested too deeply at column ${start.column} (more than ${MAX_DEPTH} levels)`, start);
    let left = this.prefix();
    for (;;) {
      const t = this.peek();
      if (t.kind !== "operator") break;
      if (t.text === "[") {
        if (POSTFIX < minBp) break;
        this.pos++;
        const index = this.expression(0);
        this.expect("]", t);
        left = { kind: "index", target: left, index, column: t.column };
        continue;
      }
      const bp = INFIX[t.text];
      if (bp === undefined || bp[0] < minBp) break;
      this.pos++;
      const right = this.expression(bp[1]);
      left = { kind: "binary", op: t.text as "+", left, right, column: t.column };
    }
    this.depth--;
    return left;
  }

  private prefix(): ExpressionNode {
    const t = this.next();
    if (t.kind === "number") return { kind: "number", value: t.value, column: t.column };
    if (t.kind === "name") return this.name(t);
    if (t.kind === "operator") {
      if (t.text === "-" || t.text === "+") return { kind: "unary", op: t.text, operand: this.expression(PREFIX), column: t.column };
      if (t.text === "(") {
        const inner = this.expression(0);
        this.expect(")", t);
        return inner;
      }
      if (t.text === "[") return { kind: "vector", elements: this.list("]", t, "a vector"), column: t.column };
    }
    const expected = "expected a number, a variable, a function call, '(' or '['";
    throw this.error(t.kind === "end" ? `unexpected end of input at column ${t.column}: ${expected}` : `unexpected ${describe(t)} at column ${t.column}`, t);
  }

  /** Comma-separated expressions up to `close` (the opener is consumed). */
  private list(close: string, opener: Token, what: string): ExpressionNode[] {
    const items: ExpressionNode[] = [];
    if (this.isOperator(close)) {
      if (close === "]") throw this.error(`empty vector at column ${opener.column}: ${what} needs at least one element`, opener);
      this.pos++;
      return items;
    }
    for (;;) {
      items.push(this.expression(0));
      if (this.isOperator(",")) {
        this.pos++;
        continue;
      }
      this.expect(close, opener);
      return items;
    }
  }

  private name(t: Token): ExpressionNode {
    const name = t.text;
    if (this.isOperator("(")) {
      const open = this.next();
      const spec = expressionFunctions.get(name);
      if (spec === undefined) {
        const guess = closestName(name, expressionFunctions.keys());
        throw this.error(`unknown function ${quoteText(name)} at column ${t.column}${guess !== null ? ` (did you mean '${guess}'?)` : ""}`, t);
      }
      const args = this.list(")", open, `${name}(…)`);
      if (args.length < spec.required || args.length > spec.params.length) {
        const range = spec.required === spec.params.length ? `${spec.required}` : `${spec.required} to ${spec.params.length}`;
        throw this.error(
          `${name}(${spec.params.join(", ")}) takes ${range} argument${spec.params.length === 1 ? "" : "s"}, got ${args.length} at column ${t.column}`,
          t,
        );
      }
      return { kind: "call", name, args, column: t.column };
    }
    const constant = expressionConstants.get(name);
    if (constant !== undefined) return { kind: "constant", name, value: constant, column: t.column };
    if (expressionFunctions.has(name)) throw this.error(`'${name}' is a function: call it as ${name}(…) (at column ${t.column})`, t);
    this.variables.add(name);
    return { kind: "variable", name, column: t.column };
  }
}

/**
 * Parses a math expression into a syntax tree and the names of its variables (in first-use order).
 *
 * @example
 * parse("2^3^2").ast; // binary ^ (2, binary ^ (3, 2))
 */
export function parse(source: string): { ast: ExpressionNode; variables: string[] } {
  if (typeof source !== "string") throw new ExpressionError(`expected the expression as a string, got ${typeof source}`, 1);
  const parser = new Parser(tokenize(source));
  const ast = parser.parse();
  return { ast, variables: [...parser.variables] };
}
