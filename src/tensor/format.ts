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
  const max = Math.max(0, ...nonzero);
  const min = Math.min(Infinity, ...nonzero);
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

/**
 * Numpy-style nested brackets with aligned columns; tensors over 1000 elements show their first
 * and last three entries per axis with `...` between.
 */
export function formatTensor(data: TypedArray, shape: Shape, dtype: DType): string {
  const summarise = sizeOf(shape) > SUMMARISE_OVER;
  const strs = new Map<number, string>();
  const visit = (axis: number, offset: number, cb: (o: number) => void): void => {
    if (axis === shape.length) return cb(offset);
    const n = shape[axis]!;
    const stride = sizeOf(shape.slice(axis + 1));
    for (let i = 0; i < n; i++) {
      if (summarise && n > 2 * EDGE && i === EDGE) i = n - EDGE;
      visit(axis + 1, offset + i * stride, cb);
    }
  };
  const shown: number[] = [];
  visit(0, 0, (o) => shown.push(shortest(data[o]!, dtype)));
  const style = floatStyle(shown);
  visit(0, 0, (o) => strs.set(o, formatNumber(data[o]!, dtype, style)));
  const width = Math.max(0, ...[...strs.values()].map((s) => s.length));
  const build = (axis: number, offset: number, indent: string): string => {
    if (axis === shape.length) return strs.get(offset)!.padStart(width);
    const n = shape[axis]!;
    const stride = sizeOf(shape.slice(axis + 1));
    const parts: string[] = [];
    for (let i = 0; i < n; i++) {
      if (summarise && n > 2 * EDGE && i === EDGE) {
        parts.push("...");
        i = n - EDGE;
      }
      parts.push(build(axis + 1, offset + i * stride, indent + " "));
    }
    const sep = axis === shape.length - 1 ? ", " : ",\n" + "\n".repeat(Math.max(0, shape.length - axis - 2)) + indent + " ";
    return `[${parts.join(sep)}]`;
  };
  return build(0, 0, "       ");
}
