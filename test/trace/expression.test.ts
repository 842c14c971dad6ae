import { describe, expect, it } from "vitest";
import { expressionErrorOf } from "../helpers/expression-error.js";
import { ArgumentError, grad, tensor, type Tensor } from "../../src/index.js";
import { ExpressionError } from "../../src/trace/expression/expression-error.js";
import { expressionFunctions } from "../../src/trace/expression/functions.js";
import { tokenize } from "../../src/trace/expression/lexer.js";
import { MAX_DEPTH } from "../../src/trace/expression/parser.js";
import { parseExpression } from "../../src/trace/expression/parse-expression.js";
import { traceProgram } from "../../src/trace/trace.js";

const value = (source: string, ...args: (number | Tensor)[]) => parseExpression(source).fn(...args).toArray();
const errorOf = expressionErrorOf;

describe("parseExpression: precedence and associativity", () => {
  it.each([
    ["2^3^2", 512],
    ["(2^3)^2", 64],
    ["-2^2", -4],
    ["(-2)^2", 4],
    ["2^-1", 0.5],
    ["2**3", 8],
    ["1 + 2 * 3", 7],
    ["(1 + 2) * 3", 9],
    ["8 / 4 / 2", 1],
    ["8 - 4 - 2", 2],
    ["2 * 3 ^ 2", 18],
    ["-3 * 2", -6],
    ["--3", 3],
    ["+3", 3],
    ["2^-1*4", 2],
    ["1e-3 * 1000", 1],
    ["2.5e+1", 25],
    [".5 + 1.", 1.5],
    ["6 × 7 − 2 ÷ 2 · 1", 41],
  ])("%s = %d", (source, expected) => {
    expect(value(source)).toBeCloseTo(expected, 12);
  });

  it("-x^2 = -(x^2) with a variable, and x^2^-1 = x^(2^-1)", () => {
    expect(value("-x^2", 3)).toBe(-9);
    expect(value("x^2^-1", 9)).toBeCloseTo(3, 12);
  });

  it("knows pi, e, ln and every op by name", () => {
    expect(value("pi")).toBeCloseTo(Math.PI, 15);
    expect(value("π/2")).toBeCloseTo(Math.PI / 2, 15);
    expect(value("ln(e)")).toBeCloseTo(1, 15);
    expect(value("log(e^2)")).toBeCloseTo(2, 15);
    expect(value("atan2(1, 1)")).toBeCloseTo(Math.PI / 4, 15);
    expect(value("maximum(2, 3) + minimum(2, 3)")).toBe(5);
    expect(value("sqrt(16) + abs(-2) + exp(0) + tanh(0) + sigmoid(0)")).toBeCloseTo(7.5, 12);
    expect(value("where(greater(x, 0), x, 0)", -2)).toBe(0);
    expect(value("clamp(x, 0, 1)", 3)).toBe(1);
    for (const name of ["sin", "cos", "relu", "softplus", "erf", "floor", "sum", "mean", "norm", "softmax", "logsumexp", "leakyRelu"])
      expect(expressionFunctions.has(name)).toBe(true);
  });

  it("builds vectors, reduces them and indexes them", () => {
    expect(value("[1, 2, 3]")).toEqual([1, 2, 3]);
    expect(value("[[1, 2], [3, 4]]")).toEqual([[1, 2], [3, 4]]);
    expect(value("sum([x, x^2, x^3])", 2)).toBe(14);
    expect(value("max([1, 5, 3])")).toBe(5);
    expect(value("norm([3, 4])")).toBeCloseTo(5, 12);
    expect(value("[x, 2*x][1]", 4)).toBe(8);
    expect(value("x[-1]", tensor([1, 2, 3], { dtype: "float64" }))).toBe(3);
    expect(value("sum(x, 0)", tensor([[1, 2], [3, 4]], { dtype: "float64" }))).toEqual([4, 6]);
    expect(value("dot(x, x)", tensor([1, 2], { dtype: "float64" }))).toBe(5);
  });

  it("computes in float64 and folds constants exactly", () => {
    const out = parseExpression("sin(1) + x").fn(0);
    expect(out.dtype).toBe("float64");
    expect(out.item()).toBe(Math.sin(1));
    expect(traceProgram(parseExpression("x * 2^3").fn, [1], { names: ["x"] }).toString({ values: false })).toBe(["v0 = x", "v1 = v0 × 8", "y  = v1"].join("\n"));
  });

  it("lists variables in natural order and takes values in that order", () => {
    const p = parseExpression("x2*x10 - x1 + α");
    expect(p.variables).toEqual(["x1", "x2", "x10", "α"]);
    expect(p.fn(1, 2, 3, 4).item()).toBe(2 * 3 - 1 + 4);
    expect(() => p.fn(1)).toThrow(/takes 4 values \(x1, x2, x10, α\), got 1/);
  });

  it("gives a differentiable function (the notes' example)", () => {
    const { variables, fn } = parseExpression("ln(x1) + x1*x2 - sin(x2)");
    expect(variables).toEqual(["x1", "x2"]);
    const [g1, g2] = grad(fn, { argnums: [0, 1] })(2, 5) as Tensor[];
    expect(g1!.item()).toBeCloseTo(5.5, 12);
    expect(g2!.item()).toBeCloseTo(2 - Math.cos(5), 12);
  });
});

describe("parseExpression: errors name the position", () => {
  it.each([
    ["sin(x))", "unexpected ')' at column 7"],
    ["(x + 1", "expected ')' to close '(' at column 1, got end of input at column 7"],
    ["x +", "unexpected end of input at column 4: expected a number, a variable, a function call, '(' or '['"],
    ["", "unexpected end of input at column 1"],
    ["2x", "unexpected 'x' at column 2 (write * for a product: 2*x)"],
    ["x y", "unexpected 'y' at column 3"],
    ["sine(x)", "unknown function 'sine' at column 1 (did you mean 'sin'?)"],
    ["sin(x, 2)", "sin(x) takes 1 argument, got 2 at column 1"],
    ["atan2(x)", "atan2(a, b) takes 2 arguments, got 1 at column 1"],
    ["sin + 1", "'sin' is a function: call it as sin(…) (at column 1)"],
    ["1e+", "malformed number '1e+' at column 1: expected digits after the exponent"],
    ["x $ 2", "unexpected character '$' at column 3"],
    ["x\u200b", "unexpected character U+200B at column 2"],
    ["[1, 2", "expected ']' to close '[' at column 1, got end of input at column 6"],
    ["[]", "empty vector at column 1"],
    ["*2", "unexpected '*' at column 1"],
  ])("%j → %s", (source, message) => {
    const e = errorOf(source, 1, 1);
    expect(e.message.startsWith(message)).toBe(true);
  });

  it("counts columns in characters, not UTF-16 units (emoji, Greek, accents)", () => {
    expect(errorOf("😀 + 1").message).toBe("unexpected character '😀' at column 1");
    expect(errorOf("α + β)", 1, 1).message).toBe("unexpected ')' at column 6");
    expect(errorOf("x + 😀😀 )", 1).message).toBe("unexpected character '😀' at column 5");
    expect(errorOf("\"𝑥\" + 1").column).toBe(1);
    const e = errorOf("θ₁ + 𝛼𝛽 + )", 1, 1);
    expect(e.message).toBe("unexpected ')' at column 11");
    expect(e.column).toBe(11);
  });

  it("reports evaluation errors with the column of the operation", () => {
    expect(errorOf("[1, 2] + [1, 2, 3]").message).toMatch(/^add: shapes \[2\] and \[3\] cannot be broadcast.*\(in '\+' at column 8\)$/);
    expect(errorOf("sum(x, x)", 1).message).toMatch(/sum: argument 2 \(axis\) must be a number written in the expression/);
    expect(errorOf("max(x, y)", 1, 2).message).toMatch(/use maximum\(a, b\)/);
    expect(errorOf("[1, 2][5]").message).toBe("index 5 at column 7 is out of range for length 2");
  });
});

describe("parseExpression: very long input", () => {
  it("parses and evaluates a sum of 100 000 terms (no recursion on chains)", () => {
    const source = Array.from({ length: 100_000 }, (_, i) => (i % 2 === 0 ? "x" : "1")).join(" + ");
    expect(parseExpression(source).fn(2).item()).toBe(150_000);
  }, 60_000);

  it("parses a long product with many function calls", () => {
    const source = Array.from({ length: 2_000 }, () => "cos(x)^0").join("*");
    expect(parseExpression(source).fn(0.3).item()).toBe(1);
  }, 60_000);

  it(`accepts nesting up to ${MAX_DEPTH} levels and refuses deeper with a position`, () => {
    const ok = "(".repeat(MAX_DEPTH - 1) + "x" + ")".repeat(MAX_DEPTH - 1);
    expect(parseExpression(ok).fn(3).item()).toBe(3);
    expect(errorOf("(".repeat(5000) + "x" + ")".repeat(5000), 1).message).toBe(`expression nested too deeply at column ${MAX_DEPTH + 1} (more than ${MAX_DEPTH} levels)`);
    expect(errorOf("2^".repeat(3000) + "1").message).toMatch(/^expression nested too deeply at column \d+/);
    expect(errorOf("-".repeat(3000) + "1").message).toMatch(/^expression nested too deeply/);
  });

  it("tokenizes a megabyte of input in linear time", () => {
    const source = "x+".repeat(500_000) + "x";
    const t0 = performance.now();
    expect(tokenize(source)).toHaveLength(1_000_002);
    expect(performance.now() - t0).toBeLessThan(10_000);
  }, 30_000);
});

describe("parseExpression names itself", () => {
  it("a non-string source is an ArgumentError; a syntax error an ExpressionError naming parseExpression and the column", () => {
    expect(() => parseExpression(tensor([1]) as never)).toThrow(
      new ArgumentError("parseExpression: source must be a string (the expression's text), got a float32 tensor of shape [1]"),
    );
    expect(() => parseExpression(undefined as never)).toThrow(ArgumentError);
    let e: unknown;
    try {
      parseExpression("x $ 2");
    } catch (error) {
      e = error;
    }
    expect(e).toBeInstanceOf(ExpressionError);
    expect((e as ExpressionError).message).toBe("parseExpression: unexpected character '$' at column 3");
    expect((e as ExpressionError).column).toBe(3);
  });
});

describe("parseExpression is not eval", () => {
  it("rejects JavaScript", () => {
    for (const source of ["process.exit(1)", "constructor.constructor('return 1')()", "x => x", "`1`", "a; b", "x = 1"])
      expect(() => parseExpression(source)).toThrow(ExpressionError);
    expect(() => parseExpression("toString(1)")).toThrow(/unknown function 'toString'/);
    expect(() => parseExpression("constructor(1)")).toThrow(/unknown function 'constructor'/);
  });
});
