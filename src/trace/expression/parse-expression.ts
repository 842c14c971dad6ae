import { argumentError } from "../../core/validate.js";
import { scalar } from "../../tensor/creation.js";
import { Tensor } from "../../tensor/tensor.js";
import type { ExpressionNode } from "./ast.js";
import { evaluateAst } from "./evaluate-ast.js";
import { ExpressionError } from "./expression-error.js";
import { parse } from "./parser.js";

/** A parsed math expression: its variables and a function of them built from the library's ops. */
export interface ParsedExpression {
  /** The text that was parsed. */
  readonly source: string;
  /** The variables, sorted by name with numbers in order (x1, x2, …, x10); `fn` takes them in this order. */
  readonly variables: readonly string[];
  /** The syntax tree. */
  readonly ast: ExpressionNode;
  /** The expression as a function of its variables (numbers become float64 scalars); traceable and differentiable. */
  readonly fn: (...values: (Tensor | number)[]) => Tensor;
}

const byName = (a: string, b: string): number => a.localeCompare(b, "en", { numeric: true });

/**
 * Reads math written as text (`+ - * / ^`, unary minus, parentheses, the library's ops by name,
 * `ln` = `log`, constants `pi` and `e`, vectors `[a, b]`, indexing `x[0]`) into a function of
 * its variables. A real parser: no `eval`; errors name the column ("unexpected ')' at column 7").
 *
 * @example
 * const { variables, fn } = parseExpression("ln(x1) + x1*x2 - sin(x2)");
 * variables; // ["x1", "x2"]
 * grad(fn, { argnums: [0, 1] })(2, 5); // [5.5, 1.716]
 */
export function parseExpression(source: string): ParsedExpression {
  if (typeof source !== "string") throw argumentError("parseExpression", "source", "a string (the expression's text)", source);
  try {
    return readExpression(source);
  } catch (e) {
    // NOTE: the library's errors name the function; the CLI calls readExpression and shows the bare message.
    if (e instanceof ExpressionError) throw new ExpressionError(`parseExpression: ${e.message}`, e.column, { cause: e });
    throw e;
  }
}

/** @internal `parseExpression` whose syntax errors give the problem and its column only ("unexpected ')' at column 7"). */
export function readExpression(source: string): ParsedExpression {
  const { ast, variables: used } = parse(source);
  const variables = [...used].sort(byName);
  const fn = (...values: (Tensor | number)[]): Tensor => {
    if (values.length !== variables.length)
      throw new ExpressionError(
        `the expression takes ${variables.length} value${variables.length === 1 ? "" : "s"} (${variables.join(", ") || "none"}), got ${values.length}`,
        1,
      );
    const env = new Map(variables.map((name, i) => [name, typeof values[i] === "number" ? scalar(values[i], "float64") : values[i]!] as const));
    const out = evaluateAst(ast, env);
    return out instanceof Tensor ? out : scalar(out, "float64");
  };
  return { source, variables, ast, fn };
}
