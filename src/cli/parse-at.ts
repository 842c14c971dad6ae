import type { Tensor } from "../index.js";
import { ExpressionError } from "../trace/expression/expression-error.js";
import { readExpression } from "../trace/expression/parse-expression.js";
import { UsageError } from "./usage-error.js";

/** Splits at commas outside brackets and parentheses: "x=[1,2],y=3" → ["x=[1,2]", "y=3"]. */
export function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "[" || c === "(") depth++;
    else if (c === "]" || c === ")") depth--;
    else if (c === "," && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}

/**
 * Reads `--at` bindings (`x1=2,x2=5`; values may be constant expressions like `pi/4` or vectors
 * `[1, 2, 3]`) into float64 tensors by name.
 *
 * @example
 * parseAt(["x1=2,x2=5"]); // Map { x1 → 2, x2 → 5 }
 */
export function parseAt(bindings: readonly string[]): Map<string, Tensor> {
  const values = new Map<string, Tensor>();
  for (const binding of bindings.flatMap(splitTopLevel)) {
    const eq = binding.indexOf("=");
    if (eq <= 0) throw new UsageError(`--at: expected name=value, got '${binding}'`);
    const name = binding.slice(0, eq).trim();
    if (!/^[\p{L}_][\p{L}\p{N}_]*$/u.test(name)) throw new UsageError(`--at: '${name}' is not a variable name (in '${binding}')`);
    if (values.has(name)) throw new UsageError(`--at: ${name} is given twice`);
    const text = binding.slice(eq + 1);
    try {
      const parsed = readExpression(text);
      if (parsed.variables.length > 0) throw new UsageError(`--at: the value of ${name} must be a number, got '${text}' (it uses ${parsed.variables.join(", ")})`);
      values.set(name, parsed.fn());
    } catch (e) {
      if (e instanceof ExpressionError) throw new UsageError(`--at: cannot read the value of ${name}: ${e.message} of '${text.trim()}'`);
      throw e;
    }
  }
  return values;
}
