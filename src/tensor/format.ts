import type { DType, TypedArray } from "../core/dtype.js";
import { sizeOf, type Shape } from "../core/shape.js";

const EDGE = 3;
const SUMMARISE_OVER = 1000;

function formatNumber(v: number, dtype: DType): string {
  if (dtype === "bool") return v ? "true" : "false";
  if (dtype === "int32") return String(v);
  if (!Number.isFinite(v)) return Number.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
  if (Number.isInteger(v) && Math.abs(v) < 1e16) return `${v}.`;
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-4 || a >= 1e8)) return v.toExponential(4);
  return String(Number(v.toPrecision(dtype === "float32" ? 6 : 8)));
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
  visit(0, 0, (o) => strs.set(o, formatNumber(data[o]!, dtype)));
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
