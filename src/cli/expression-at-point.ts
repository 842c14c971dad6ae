import { cast, concat, reshape, slice, tensor, type Tensor } from "../index.js";
import { readExpression, type ParsedExpression } from "../trace/expression/parse-expression.js";
import { formatNumber } from "../trace/format-value.js";
import { parseAt } from "./parse-at.js";
import { UsageError } from "./usage-error.js";

/** A parsed expression with a value for each of its variables (float64, in `variables` order). */
export interface ExpressionAtPoint {
  readonly parsed: ParsedExpression;
  readonly values: readonly Tensor[];
}

/**
 * Parses the expression and matches the `--at` bindings to its variables: every variable needs
 * a value, and every value a variable.
 *
 * @example
 * expressionAtPoint("x*y", ["x=2,y=3"]).values; // [2, 3]
 */
export function expressionAtPoint(source: string, at: readonly string[]): ExpressionAtPoint {
  const parsed = readExpression(source);
  const given = parseAt(at);
  const vars = parsed.variables;
  const missing = vars.filter((v) => !given.has(v));
  if (missing.length > 0)
    throw new UsageError(`missing ${missing.length === 1 ? "a value" : "values"} for ${missing.join(", ")}: pass --at ${vars.map((v) => `${v}=…`).join(",")}`);
  const extra = [...given.keys()].filter((k) => !vars.includes(k));
  if (extra.length > 0)
    throw new UsageError(`--at gives ${extra.join(", ")}, which the expression does not use (its variables: ${vars.join(", ") || "none"})`);
  return { parsed, values: vars.map((v) => given.get(v)!) };
}

/** The point as text: `x1 = 2, x2 = 5`. */
export function describePoint(p: ExpressionAtPoint): string {
  return p.parsed.variables.map((v, i) => `${v} = ${valueText(p.values[i]!, 6)}`).join(", ");
}

/** A number as plain text for the command line: `1.716337815` (ASCII minus, `digits` significant). */
export function numberText(v: number, digits: number): string {
  return Number.isFinite(v) ? String(Number(v.toPrecision(digits))) : formatNumber(v);
}

/** A value as plain text for the command line: `1.716337815`, `[1, 2, 3]`. */
export function valueText(t: Tensor, digits: number): string {
  const build = (x: unknown): string => (Array.isArray(x) ? `[${x.map(build).join(", ")}]` : numberText(Number(x), digits));
  return build(t.toArray());
}

/** The expression as a function of one flat float64 vector holding all variables, with element labels. */
export interface FlatExpression {
  readonly fn: (z: Tensor) => Tensor;
  readonly point: Tensor;
  /** One label per element of the flat vector: `x`, or `x[0]`, `x[1]` for vectors. */
  readonly labels: readonly string[];
  /** Which elements belong to each variable. */
  readonly ranges: readonly (readonly [number, number])[];
}

/** Element labels of a variable: `x` for a scalar, `x[0]` … for a vector, `A[0,1]` … for a matrix. */
export function elementLabels(name: string, shape: readonly number[]): string[] {
  const size = shape.reduce((a, b) => a * b, 1);
  if (shape.length === 0) return [name];
  return Array.from({ length: size }, (_, k) => {
    const idx: number[] = [];
    let r = k;
    for (let a = shape.length - 1; a >= 0; a--) {
      idx.unshift(r % shape[a]!);
      r = Math.floor(r / shape[a]!);
    }
    return `${name}[${idx.join(",")}]`;
  });
}

/**
 * Packs the variables into one vector z so that derivatives come out as plain vectors and
 * matrices over their elements.
 */
export function flatExpression(p: ExpressionAtPoint): FlatExpression {
  if (p.values.length === 0) throw new UsageError(`the expression has no variables to differentiate`);
  const ranges: [number, number][] = [];
  let offset = 0;
  for (const v of p.values) {
    ranges.push([offset, offset + v.size]);
    offset += v.size;
  }
  const point = concat(p.values.map((v) => reshape(cast(v, "float64"), [v.size])), 0);
  const fn = (z: Tensor) => p.parsed.fn(...p.values.map((v, i) => reshape(slice(z, [ranges[i]![0]], [v.size]), [...v.shape])));
  const labels = p.parsed.variables.flatMap((name, i) => elementLabels(name, p.values[i]!.shape));
  return { fn, point, labels, ranges };
}

/** The float64 vector of length n with a 1 at position k. */
export function basisVector(n: number, k: number): Tensor {
  const data = new Float64Array(n);
  data[k] = 1;
  return tensor(data, { dtype: "float64", shape: [n] });
}
