import type { DType, TypedArray } from "../core/dtype.js";
import { sizeOf, type Shape } from "../core/shape.js";

const EDGE = 3;
const SUMMARISE_OVER = 1000;

/** How floats of one tensor are printed: fixed with a shared number of decimals, or exponential. */
interface FloatStyle {
  readonly exponential: boolean;
  readonly decimals: number;
}

const PRECISION = 8;

/** The shortest decimal that reads back as `v` in its dtype (float32 values print without float64 noise). */
function shortest(v: number, dtype: DType): number {
  if (dtype !== "float32" || v === 0) return v; // ±0 as is: the loop below would turn -0 into 0
  for (let p = 1; p <= 9; p++) {
    const r = Number(v.toPrecision(p));
    if (Math.fround(r) === v) return r;
  }
  return v;
}

/** Chooses numpy's style for a set of values: shared decimals (≤ 8), exponential for extreme magnitudes. */
function floatStyle(values: readonly number[]): FloatStyle {
  const finite = values.filter((v) => Number.isFinite(v));
  const nonzero = finite.map(Math.abs).filter((a) => a !== 0);
  let max = 0;
  let min = Infinity;
  for (const a of nonzero) {
    if (a > max) max = a;
    if (a < min) min = a;
  }
  if (max >= 1e8 || (nonzero.length > 0 && min < 1e-4 && max / min > 1e3) || (nonzero.length > 0 && max < 1e-4)) {
    let decimals = 0;
    for (const v of nonzero) {
      const m = v.toExponential(PRECISION).split("e")[0]!.replace(/0+$/, "");
      decimals = Math.max(decimals, m.length - m.indexOf(".") - 1);
    }
    return { exponential: true, decimals };
  }
  let decimals = 0;
  for (const v of finite) {
    const s = v.toFixed(PRECISION).replace(/0+$/, "");
    decimals = Math.max(decimals, s.length - s.indexOf(".") - 1);
  }
  return { exponential: false, decimals };
}

function formatNumber(raw: number, dtype: DType, style: FloatStyle): string {
  if (dtype === "bool") return raw ? "true" : "false";
  if (dtype === "int32") return String(raw);
  if (!Number.isFinite(raw)) return Number.isNaN(raw) ? "nan" : raw > 0 ? "inf" : "-inf";
  const v = shortest(raw, dtype);
  // toFixed/toExponential drop the sign of -0; numpy prints "-0.".
  const sign = Object.is(v, -0) ? "-" : "";
  if (style.exponential) {
    const [m, e] = v.toExponential(style.decimals).split("e") as [string, string];
    const exp = `${e[0]}${e.slice(1).padStart(2, "0")}`;
    return `${sign}${style.decimals === 0 ? `${m}.` : m}e${exp}`;
  }
  const s = sign + v.toFixed(style.decimals);
  if (style.decimals === 0) return `${s}.`;
  // numpy pads a shorter fraction with spaces, keeping the decimal points aligned.
  return s.replace(/0+$/, "").padEnd(s.length);
}

/** The indices shown along an axis of length `n`, and after which position `...` goes (−1: none). */
function shownIndices(n: number, summarise: boolean): { readonly idx: number[]; readonly gapAfter: number } {
  if (!summarise || n <= 2 * EDGE) return { idx: Array.from({ length: n }, (_, i) => i), gapAfter: -1 };
  const idx: number[] = [];
  for (let i = 0; i < EDGE; i++) idx.push(i);
  for (let i = n - EDGE; i < n; i++) idx.push(i);
  return { idx, gapAfter: EDGE - 1 };
}

/**
 * Numpy-style nested brackets with aligned columns; tensors over 1000 elements show their first
 * and last three entries per axis with `...` between.
 * NOTE: iterative (an odometer over the shown indices, no recursion per axis and no spread of
 * the shown values into one call), so any rank and any number of shown elements print without
 * overflowing the stack.
 */
export function formatTensor(data: TypedArray, shape: Shape, dtype: DType): string {
  const rank = shape.length;
  const summarise = sizeOf(shape) > SUMMARISE_OVER;
  // Axes printed: all, or up to the first empty one, whose every entry prints as "[]".
  const firstEmpty = shape.indexOf(0);
  const axes = firstEmpty < 0 ? rank : firstEmpty;
  const strides = new Array<number>(rank);
  for (let a = rank - 1, st = 1; a >= 0; a--) {
    strides[a] = st;
    st *= shape[a]!;
  }
  const shown = Array.from({ length: axes }, (_, a) => shownIndices(shape[a]!, summarise));
  // Offsets of the shown entries in row-major order, and where each follows its predecessor's
  // axis of change (the outermost axis whose position moved).
  const offsets: number[] = [];
  const changed: number[] = [];
  const pos = new Array<number>(axes).fill(0);
  if (shown.every((s) => s.idx.length > 0)) {
    for (let carry = 0; ; ) {
      let o = 0;
      for (let a = 0; a < axes; a++) o += shown[a]!.idx[pos[a]!]! * strides[a]!;
      offsets.push(o);
      changed.push(carry);
      let a = axes - 1;
      while (a >= 0 && ++pos[a]! === shown[a]!.idx.length) pos[a--] = 0;
      if (a < 0) break;
      carry = a;
    }
  }
  const leaves: string[] = new Array<string>(offsets.length);
  let width = 0;
  if (axes === rank) {
    const values = offsets.map((o) => shortest(data[o]!, dtype));
    const style = floatStyle(values);
    for (let k = 0; k < offsets.length; k++) {
      leaves[k] = formatNumber(data[offsets[k]!]!, dtype, style);
      if (leaves[k]!.length > width) width = leaves[k]!.length;
    }
  } else leaves.fill("[]");
  if (rank === 0) return leaves[0]!.padStart(width);
  const base = "       ";
  const sep = (axis: number): string => (axis === rank - 1 ? ", " : ",\n" + "\n".repeat(Math.max(0, rank - axis - 2)) + base + " ".repeat(axis + 1));
  const out: string[] = ["[".repeat(axes)];
  // The position along each axis in shown-index coordinates, to place the "..." of a summarised axis.
  pos.fill(0);
  for (let k = 0; k < leaves.length; k++) {
    if (k > 0) {
      const j = changed[k]!;
      out.push("]".repeat(axes - 1 - j), sep(j));
      if (pos[j] === shown[j]!.gapAfter) out.push("...", sep(j));
      pos[j]!++;
      for (let a = j + 1; a < axes; a++) pos[a] = 0;
      out.push("[".repeat(axes - 1 - j));
    }
    out.push(axes === rank ? leaves[k]!.padStart(width) : leaves[k]!);
  }
  out.push("]".repeat(axes));
  return out.join("");
}
