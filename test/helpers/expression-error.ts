import { expect } from "vitest";
import { ExpressionError } from "../../src/trace/expression/expression-error.js";
import { parseExpression } from "../../src/trace/expression/parse-expression.js";

/**
 * The ExpressionError that parsing `source` (or calling its function at `args`) raises. A syntax error
 * names parseExpression; its cause is the bare message the CLI shows, which is returned.
 */
export function expressionErrorOf(source: string, ...args: number[]): ExpressionError {
  let parsed: ReturnType<typeof parseExpression>;
  try {
    parsed = parseExpression(source);
  } catch (e) {
    expect(e).toBeInstanceOf(ExpressionError);
    const cause = (e as ExpressionError).cause as ExpressionError;
    expect(cause).toBeInstanceOf(ExpressionError);
    expect((e as ExpressionError).message).toBe(`parseExpression: ${cause.message}`);
    expect((e as ExpressionError).column).toBe(cause.column);
    return cause;
  }
  try {
    parsed.fn(...args);
  } catch (e) {
    expect(e).toBeInstanceOf(ExpressionError);
    return e as ExpressionError;
  }
  throw new Error(`no error for ${source.length > 60 ? `${source.slice(0, 60)}…` : source}`);
}
