import type { Tensor } from "../tensor/tensor.js";
import { formatConstant, formatValue, parenthesizeNegative } from "./format-value.js";
import { Literal, type Atom, type Equation } from "./equation.js";
import { notationOf, varName } from "./notation.js";

/** An operand as written in a formula: `v−1`, or a constant such as `2` or `(−1)`. */
export function operandText(a: Atom): string {
  return a instanceof Literal ? parenthesizeNegative(formatConstant(a.value)) : varName(a.index);
}

/**
 * The names of `m` outputs: `y` when there is one, else `y1 … ym` (the notes' y_{m−i}); `f`
 * (`f1 … fm`) instead when an input is already called y or y1, …, so that ȳ stays unambiguous.
 *
 * @example
 * outputNames(["x1", "x2"], 1); // ["y"]
 * outputNames(["x", "y"], 2); // ["f1", "f2"]
 */
export function outputNames(inputNames: readonly (string | null)[], m: number): string[] {
  const taken = (base: string) => inputNames.some((n) => n !== null && new RegExp(`^${base}\\d*$`).test(n));
  const base = !taken("y") ? "y" : !taken("f") ? "f" : "out";
  return Array.from({ length: m }, (_, k) => (m === 1 ? base : `${base}${k + 1}`));
}

/** Applies a primitive's template to operand texts; output `k` of a multi-output equation gets `[k]`. */
export function applyNotation(eq: Equation, texts: readonly string[], k = 0): string {
  const text = notationOf(eq.prim).primal(texts, eq.params as never);
  return eq.outputs.length > 1 ? `${text}[${k}]` : text;
}

/** The symbolic right-hand side of output `k` of an equation: `ln v−1`, `v−1 × v0`. */
export function primalFormula(eq: Equation, k = 0): string {
  return applyNotation(eq, eq.inputs.map(operandText), k);
}

/** True when every operand of the equation has one element, so numbers can be substituted. */
export function substitutable(eq: Equation): boolean {
  return eq.inputs.every((a) => a.value.size === 1) && eq.outputs.every((o) => o.value.size === 1);
}

/** A value substituted into a formula (negative numbers in parentheses). */
export function substitutedValue(t: Tensor, digits: number): string {
  return parenthesizeNegative(formatValue(t, digits));
}

/** The right-hand side with operand values substituted: `2 × 5`, or null for tensors. */
export function primalSubstituted(eq: Equation, digits: number, k = 0): string | null {
  if (!substitutable(eq)) return null;
  return applyNotation(eq, eq.inputs.map((a) => (a instanceof Literal ? operandText(a) : substitutedValue(a.value, digits))), k);
}
