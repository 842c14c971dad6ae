import { add, div, mul, neg, pow, sub } from "../../ops/arithmetic.js";
import { stack } from "../../ops/concat-split.js";
import { reshape, slice } from "../../ops/index.js";
import type { TensorLike } from "../../ops/tensor-like.js";
import { scalar } from "../../tensor/creation.js";
import { Tensor } from "../../tensor/tensor.js";
import { childrenOf, type ExpressionNode } from "./ast.js";
import { ExpressionError } from "./expression-error.js";
import { quoteText } from "./quote-text.js";
import { expressionFunctions } from "./functions.js";

/** A value during evaluation: numbers stay JS numbers until they meet a tensor (so constants fold exactly). */
type Value = TensorLike;

const float64 = (v: Value): Tensor => (v instanceof Tensor ? v : scalar(v, "float64"));

function describe(node: ExpressionNode): string {
  switch (node.kind) {
    case "call":
      return `${node.name}(…)`;
    case "binary":
    case "unary":
      return `'${node.op}'`;
    case "vector":
      return "[…]";
    case "index":
      return "indexing";
    default:
      return node.kind;
  }
}

function binary(op: "+" | "-" | "*" | "/" | "^", a: Value, b: Value): Value {
  if (typeof a === "number" && typeof b === "number") {
    switch (op) {
      case "+":
        return a + b;
      case "-":
        return a - b;
      case "*":
        return a * b;
      case "/":
        return a / b;
      case "^":
        return a ** b;
    }
  }
  // NOTE: a number beside a tensor takes the tensor's dtype (the ops' weak typing).
  switch (op) {
    case "+":
      return add(a, b);
    case "-":
      return sub(a, b);
    case "*":
      return mul(a, b);
    case "/":
      return div(a, b);
    case "^":
      return pow(a, b);
  }
}

function call(node: Extract<ExpressionNode, { kind: "call" }>, args: readonly Value[]): Value {
  const spec = expressionFunctions.get(node.name)!;
  const converted = args.map((a, i) => {
    if (spec.kinds[i] !== "number") return a;
    if (typeof a !== "number") {
      const hint = node.name === "max" || node.name === "min" ? ` (for the elementwise ${node.name}imum of two values use ${node.name}imum(a, b))` : "";
      throw new ExpressionError(
        `${node.name}: argument ${i + 1} (${spec.params[i]}) must be a number written in the expression, got a value that depends on variables${hint} (at column ${node.column})`,
        node.column,
      );
    }
    return a;
  });
  // Constants-only calls compute in float64 (sin(1) is a float64 scalar, not float32).
  const tensorArgs = converted.filter((_, i) => spec.kinds[i] === "tensor");
  if (tensorArgs.length > 0 && tensorArgs.every((a) => typeof a === "number")) {
    const first = spec.kinds.indexOf("tensor");
    converted[first] = float64(converted[first]!);
  }
  return spec.call(converted);
}

function index(node: ExpressionNode, target: Value, i: Value): Value {
  if (!(target instanceof Tensor) || target.ndim === 0)
    throw new ExpressionError(`cannot index a scalar at column ${node.column}: indexing takes an element of a vector or a row of a matrix`, node.column);
  if (typeof i !== "number" || !Number.isInteger(i))
    throw new ExpressionError(`the index at column ${node.column} must be an integer written in the expression, got ${typeof i === "number" ? i : "a value"}`, node.column);
  const n = target.shape[0]!;
  const k = i < 0 ? i + n : i;
  if (k < 0 || k >= n) throw new ExpressionError(`index ${i} at column ${node.column} is out of range for length ${n}`, node.column);
  const begin = target.shape.map((_, a) => (a === 0 ? k : 0));
  const size = target.shape.map((d, a) => (a === 0 ? 1 : d));
  return reshape(slice(target, begin, size), target.shape.slice(1));
}

function apply(node: ExpressionNode, args: readonly Value[], env: ReadonlyMap<string, Value>): Value {
  switch (node.kind) {
    case "number":
    case "constant":
      return node.value;
    case "variable": {
      const v = env.get(node.name);
      if (v === undefined) throw new ExpressionError(`no value for the variable ${quoteText(node.name)} at column ${node.column}`, node.column);
      return v;
    }
    case "unary":
      return node.op === "+" ? args[0]! : typeof args[0] === "number" ? -args[0] : neg(args[0]!);
    case "binary":
      return binary(node.op, args[0]!, args[1]!);
    case "call":
      return call(node, args);
    case "vector":
      return stack(args.every((a) => typeof a === "number") ? args.map(float64) : args);
    case "index":
      return index(node, args[0]!, args[1]!);
  }
}

/**
 * Evaluates a syntax tree with the library's ops, variables taken from `env`. The walk uses an
 * explicit stack (no recursion), so expressions of any length or depth evaluate. Errors of the
 * ops are reported with the column of the operation that raised them.
 *
 * @example
 * evaluateAst(parse("x^2").ast, new Map([["x", 3]])); // 9
 */
export function evaluateAst(root: ExpressionNode, env: ReadonlyMap<string, Value>): Value {
  const todo: [ExpressionNode, boolean][] = [[root, false]];
  const values: Value[] = [];
  while (todo.length > 0) {
    const [node, ready] = todo.pop()!;
    const children = childrenOf(node);
    if (!ready) {
      todo.push([node, true]);
      for (let i = children.length - 1; i >= 0; i--) todo.push([children[i]!, false]);
      continue;
    }
    const args = values.splice(values.length - children.length, children.length);
    try {
      values.push(apply(node, args, env));
    } catch (e) {
      if (e instanceof ExpressionError) throw e;
      const message = e instanceof Error ? e.message : String(e);
      throw new ExpressionError(`${message} (in ${describe(node)} at column ${node.column})`, node.column, { cause: e });
    }
  }
  return values[0]!;
}
