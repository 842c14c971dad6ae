import type { AnyPrimitive } from "../primitives/primitive.js";
import { MINUS } from "./format-value.js";

/**
 * A partial derivative ∂y/∂a as it is written beside a tangent or an adjoint: `1` (v̇ + …),
 * `-1` (… − v̇), a factor to multiply by (`v̇0 × cos v0`) or a divisor (`v̇−1 / v−1`).
 */
export type Factor = 1 | -1 | { readonly times: string } | { readonly over: string };

/**
 * How one primitive is written in a trace. Templates receive operand texts (variable names such as
 * `v−1`, or numbers when values are substituted) and return text; they never compute anything.
 */
export interface Notation {
  /** The right-hand side of `v_i = …`, e.g. `([a]) => "ln " + a`. */
  primal(a: readonly string[], params: never): string;
  /** ∂y/∂a_i as a factor (`y` names the output); absent: written `∂v3/∂v1`. */
  partial?(i: number, a: readonly string[], y: string, params: never): Factor;
  /** The whole tangent expression from operand tangents (`null` for constants) and operands. */
  tangent?(t: readonly (string | null)[], a: readonly string[], params: never): string;
}

/** A primitive that is linear in all its operands: its tangent is the same op on the tangents. */
function linear(primal: (a: readonly string[], params: never) => string): Notation {
  return { primal, tangent: (t, _a, params) => primal(t.map((s) => s ?? "0"), params) };
}

const unary = (fn: string, partial?: (a: string, y: string) => Factor): Notation => ({
  primal: ([a]) => `${fn} ${a}`,
  ...(partial && { partial: (_i, [a], y) => partial(a!, y) }),
});
const infix = (op: string, partial?: (i: number, a: string, b: string) => Factor): Notation => ({
  primal: ([a, b]) => `${a} ${op} ${b}`,
  ...(partial && { partial: (i, [a, b]) => partial(i, a!, b!) }),
});
const superscript = (n: number): string => String(n).replace(/\d/g, (d) => "⁰¹²³⁴⁵⁶⁷⁸⁹"[Number(d)]!);
/** ∂ₐ²∂ₓ-style prefix for the derivative orders `d<name>` in params (empty at order 0). */
function partials(params: never, names: readonly string[]): string {
  const p = params as Record<string, number | undefined>;
  const sub: Record<string, string> = { a: "ₐ", b: "ᵦ", x: "ₓ" };
  return names.map((n) => { const k = p[`d${n}`] ?? 0; return k === 0 ? "" : `∂${sub[n]}${k > 1 ? superscript(k) : ""}`; }).join("");
}
const call = (fn: string): Notation => ({ primal: (a) => `${fn}(${a.join(", ")})` });

/** Params as `key=value` text after the operands. */
function withParams(fn: string, keys: readonly string[]): (a: readonly string[], params: never) => string {
  return (a, params) => {
    const p = params as Record<string, unknown>;
    const extra = keys.filter((k) => p[k] !== undefined).map((k) => `${k}=${JSON.stringify(p[k])}`);
    return `${fn}(${[...a, ...extra].join(", ")})`;
  };
}

const notations: Record<string, Notation> = {
  neg: { primal: ([a]) => `${MINUS}${a}`, partial: () => -1 },
  exp: unary("exp", (a) => ({ times: `exp ${a}` })),
  log: unary("ln", (a) => ({ over: a })),
  log1p: { primal: ([a]) => `ln(1 + ${a})`, partial: (_i, [a]) => ({ over: `(1 + ${a})` }) },
  expm1: { primal: ([a]) => `exp ${a} ${MINUS} 1`, partial: (_i, [a]) => ({ times: `exp ${a}` }) },
  sin: unary("sin", (a) => ({ times: `cos ${a}` })),
  cos: unary("cos", (a) => ({ times: `(${MINUS}sin ${a})` })),
  tan: unary("tan", (a) => ({ over: `cos² ${a}` })),
  asin: unary("asin", (a) => ({ over: `√(1 ${MINUS} ${a}²)` })),
  acos: unary("acos", (a) => ({ over: `(${MINUS}√(1 ${MINUS} ${a}²))` })),
  atan: unary("atan", (a) => ({ over: `(1 + ${a}²)` })),
  sinh: unary("sinh", (a) => ({ times: `cosh ${a}` })),
  cosh: unary("cosh", (a) => ({ times: `sinh ${a}` })),
  tanh: unary("tanh", (_a, y) => ({ times: `(1 ${MINUS} ${y}²)` })),
  sqrt: { primal: ([a]) => `√${a}`, partial: (_i, _a, y) => ({ over: `(2 × ${y})` }) },
  abs: { primal: ([a]) => `|${a}|`, partial: (_i, [a]) => ({ times: `sign ${a}` }) },
  erf: unary("erf", (a) => ({ times: `(2/√π) exp(${MINUS}${a}²)` })),
  erfc: unary("erfc", (a) => ({ times: `(${MINUS}2/√π) exp(${MINUS}${a}²)` })),
  erfinv: unary("erfinv", (_a, y) => ({ times: `(√π/2) exp(${y}²)` })),
  lgamma: unary("lnΓ", (a) => ({ times: `ψ(${a})` })),
  digamma: unary("ψ", (a) => ({ times: `ψ⁽¹⁾(${a})` })),
  polygamma: {
    primal: ([a], params) => `ψ⁽${superscript((params as { n: number }).n)}⁾(${a})`,
    partial: (_i, [a], _y, params) => ({ times: `ψ⁽${superscript((params as { n: number }).n + 1)}⁾(${a})` }),
  },
  // NOTE: gammainc and betainc carry their derivative orders as params (da, db, dx); a derivative
  // is written as the partial it is, e.g. ∂ₐP(v0, v1).
  gammainc: { primal: ([a, x], p) => `${partials(p, ["a", "x"])}P(${a}, ${x})` },
  gammaincc: call("Q"),
  betainc: { primal: ([a, b, x], p) => `${partials(p, ["a", "b", "x"])}I(${x}; ${a}, ${b})` },
  sign: unary("sign"),
  floor: unary("floor"),
  ceil: unary("ceil"),
  round: unary("round"),
  logicalNot: { primal: ([a]) => `¬${a}` },
  add: infix("+", () => 1),
  sub: infix(MINUS, (i) => (i === 0 ? 1 : -1)),
  mul: infix("×", (i, a, b) => ({ times: i === 0 ? b : a })),
  div: infix("/", (i, a, b) => (i === 0 ? { over: b } : { times: `(${MINUS}${a} / ${b}²)` })),
  pow: infix("^", (i, a, b) => ({ times: i === 0 ? `${b} × ${a} ^ (${b} ${MINUS} 1)` : `ln ${a} × ${a} ^ ${b}` })),
  maximum: call("max"),
  atan2: {
    primal: ([a, b]) => `atan2(${a}, ${b})`,
    partial: (i, [a, b]) => ({ times: i === 0 ? `${b} / (${a}² + ${b}²)` : `(${MINUS}${a} / (${a}² + ${b}²))` }),
  },
  less: infix("<"),
  lessEqual: infix("≤"),
  greater: infix(">"),
  greaterEqual: infix("≥"),
  equal: infix("=="),
  notEqual: infix("≠"),
  logicalAnd: infix("∧"),
  logicalOr: infix("∨"),
  // [c] is 1 where c holds, else 0 (Iverson's bracket): the tangent flows through the branch taken.
  where: { primal: (a) => `where(${a.join(", ")})`, partial: (i, [c]) => ({ times: i === 1 ? `[${c}]` : `(1 ${MINUS} [${c}])` }) },
  cast: linear(withParams("cast", ["dtype"])),
  stopGradient: call("stopGradient"),
  sum: linear(withParams("sum", ["axes"])),
  reduceMax: { primal: withParams("max", ["axes"]) },
  argmax: { primal: withParams("argmax", ["axis"]) },
  argmin: { primal: withParams("argmin", ["axis"]) },
  reshape: linear(withParams("reshape", ["shape"])),
  broadcastTo: linear(withParams("broadcast", ["shape"])),
  transpose: linear(withParams("transpose", ["perm"])),
  slice: linear(withParams("slice", ["begin", "size"])),
  concat: linear(withParams("concat", ["axis"])),
  flip: linear(withParams("flip", ["axes", "axis"])),
  pad: { primal: withParams("pad", ["widths", "value"]) },
  gather: { primal: withParams("gather", ["axis"]) },
  scatterAdd: { primal: withParams("scatterAdd", ["axis", "shape"]) },
  matmul: {
    primal: ([a, b]) => `${a} @ ${b}`,
    tangent: ([ta, tb], [a, b]) => [ta === null ? null : `${ta} @ ${b}`, tb === null ? null : `${a} @ ${tb}`].filter((s) => s !== null).join(" + ") || "0",
  },
};

/** How `prim` is written: its template, or `name(a, b)` for primitives without one. */
export function notationOf(prim: AnyPrimitive): Notation {
  return notations[prim.name] ?? { primal: (a, params) => genericCall(prim.name, a, params) };
}

function genericCall(name: string, a: readonly string[], params: unknown): string {
  const fn = (params as { fn?: { name?: string } } | null)?.fn;
  return `${name}${fn?.name ? `⟨${fn.name}⟩` : ""}(${a.join(", ")})`;
}

/** The Griewank–Walther subscript: −1, 0, 1 … (with a typographic minus). */
export function subscript(index: number): string {
  return index < 0 ? `${MINUS}${-index}` : String(index);
}

/** `v−1`, `v0`, `v1` …: the name of the variable with this index. */
export function varName(index: number): string {
  return `v${subscript(index)}`;
}

/** Puts a combining mark (dot U+0307, bar U+0304) over the first letter of a name: x1 → ẋ1. */
export function markName(name: string, mark: "dot" | "bar"): string {
  const chars = Array.from(name);
  // NFC: x + U+0307 becomes the single character ẋ where Unicode has one (ẋ, ẏ, ȳ; not v̇, v̄, x̄).
  return (chars[0]! + (mark === "dot" ? "\u0307" : "\u0304") + chars.slice(1).join("")).normalize("NFC");
}

/** The tangent of variable `index`: v̇−1, v̇0, … */
export function tangentName(index: number): string {
  return markName(varName(index), "dot");
}

/** The adjoint of variable `index`: v̄−1, v̄0, … */
export function adjointName(index: number): string {
  return markName(varName(index), "bar");
}
