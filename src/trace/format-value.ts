import type { Tensor } from "../tensor/tensor.js";

/** The minus sign of printed traces (U+2212, as in typeset mathematics). */
export const MINUS = "\u2212";

/**
 * A number rounded to `digits` decimals with trailing zeros dropped, as the notes print them:
 * 0.6931 → "0.693", 10 → "10", −0.2837 → "−0.284"; tiny or huge values use exponent notation.
 *
 * @example
 * formatNumber(Math.log(2)); // "0.693"
 */
export function formatNumber(v: number, digits = 3): string {
  if (Number.isNaN(v)) return "NaN";
  if (!Number.isFinite(v)) return v > 0 ? "∞" : `${MINUS}∞`;
  const a = Math.abs(v);
  if (a === 0) return "0";
  let s: string;
  if (a >= 1e9 || a < 10 ** -digits) {
    const [m, e] = a.toExponential(Math.max(digits - 1, 0)).split("e");
    s = `${trimZeros(m!)}e${e!.replace("+", "").replace("-", MINUS)}`;
  } else s = trimZeros(a.toFixed(digits));
  return s === "0" ? "0" : (v < 0 ? MINUS : "") + s;
}

function trimZeros(s: string): string {
  return s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s;
}

/** A number at full precision (shortest round-trip text), for constants written into a program. */
export function formatExact(v: number, dtype: string): string {
  if (!Number.isFinite(v)) return formatNumber(v);
  const x = dtype === "float32" ? Number(v.toPrecision(7)) : v;
  const s = String(Math.abs(x)).replace("e-", `e${MINUS}`).replace("e+", "e");
  return (x < 0 ? MINUS : "") + s;
}

function element(t: Tensor, v: number, fmt: (v: number) => string): string {
  if (t.dtype === "bool") return v !== 0 ? "true" : "false";
  if (t.dtype === "int32") return v < 0 ? `${MINUS}${-v}` : String(v);
  return fmt(v);
}

/** How many leading elements a compact tensor shows (and the last one after "…"). */
const SHOWN = 3;

function compact(t: Tensor, fmt: (v: number) => string): string {
  const d = t.data();
  if (t.size === 1) return element(t, d[0]!, fmt);
  const shape = `[${t.shape.join("×")}]`;
  if (t.size <= SHOWN + 1) return `${shape}(${Array.from(d, (v) => element(t, v, fmt)).join(", ")})`;
  const head = Array.from(d.subarray(0, SHOWN), (v) => element(t, v, fmt));
  return `${shape}(${head.join(", ")}, …, ${element(t, d[d.length - 1]!, fmt)})`;
}

/**
 * A value as a trace prints it: one element as a number, more as shape and a few values.
 *
 * @example
 * formatValue(tensor([1, 2, 3, 4, 5])); // "[5](1, 2, 3, …, 5)"
 */
export function formatValue(t: Tensor, digits = 3): string {
  return compact(t, (v) => formatNumber(v, digits));
}

/** A constant of a program at full precision (compact for more than one element). */
export function formatConstant(t: Tensor): string {
  return compact(t, (v) => formatExact(v, t.dtype));
}

/** An operand as substituted into a formula: negative numbers in parentheses, "2 × (−1)". */
export function parenthesizeNegative(s: string): string {
  return s.startsWith(MINUS) || s.startsWith("-") ? `(${s})` : s;
}

/** The width of text in a terminal, ignoring combining marks (the dot of v̇ and the bar of v̄). */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) if (!/\p{M}/u.test(ch)) w++;
  return w;
}

/** Pads text on the right to a display width. */
export function padDisplay(s: string, width: number): string {
  return s + " ".repeat(Math.max(0, width - displayWidth(s)));
}
