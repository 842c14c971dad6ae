import { fitsInt32, INT32_MAX, INT32_MIN, isFloat, promoteTypes, type DType } from "../core/dtype.js";
import { ArgumentError, DTypeError } from "../core/errors.js";
import { argumentError } from "../core/validate.js";
import { broadcastShapes, normalizeAxes, shapesEqual } from "../core/shape.js";
import { cast } from "../primitives/other/cast.js";
import { reshape } from "../primitives/movement/reshape.js";
import { full } from "../tensor/creation.js";
import { Tensor } from "../tensor/tensor.js";

/** What every op accepts where a tensor is expected: a tensor or a plain JS number. */
export type TensorLike = Tensor | number;

/** An axis argument of a reduction: one axis, several, or all when omitted (negative counts from the end). */
export type AxisArg = number | readonly number[] | undefined | null;

/**
 * The dtype a JS number takes beside a tensor of `dtype`.
 * NOTE: numbers are "weakly typed" (JAX's rule): they take the tensor's dtype (`mul(x, 2)` stays
 * float32), except that a fractional number next to an int32/bool tensor makes float32, and an
 * integer next to a bool tensor makes int32. Alone, a number is float32. An integer outside the
 * int32 range next to an int32/bool tensor raises an ArgumentError in arithmetic (PyTorch's
 * overflow error), and comparisons with it are exact (see `promoteCompareOperands`).
 */
export function numberDtype(value: number, dtype?: DType): DType {
  if (dtype === undefined) return "float32";
  if (isFloat(dtype)) return dtype;
  return Number.isInteger(value) ? "int32" : "float32";
}

/**
 * Converts a tensor-like value to a tensor; a number takes the dtype of `like` (see `numberDtype`).
 * Anything else is an ArgumentError naming `op` and `arg` (e.g. `argument 2 (y)`).
 *
 * @example
 * toTensor(2, x); // a rank-0 tensor with x's dtype
 */
export function toTensor(x: TensorLike, like?: Tensor | DType, op = "toTensor", arg = "x"): Tensor {
  if (x instanceof Tensor) return x;
  if (typeof x !== "number") throw argumentError(op, arg, Array.isArray(x) ? "a tensor or a number (wrap an array in tensor(...))" : "a tensor or a number", x);
  const dtype = like === undefined ? "float32" : numberDtype(x, typeof like === "string" ? like : like.dtype);
  if (dtype === "int32" && !fitsInt32(x))
    throw new ArgumentError(
      `${op}: the number ${x} does not fit the int32 operand (range ${INT32_MIN}..${INT32_MAX}); cast the tensor to float64 first`,
    );
  return full([], x, { dtype });
}

/** Converts to a float tensor: int32 and bool become float32 (for exp, log, sqrt, ...). */
export function toFloat(x: TensorLike, op: string, arg = "x"): Tensor {
  const t = toTensor(x, undefined, op, arg);
  return isFloat(t.dtype) ? t : cast(t, "float32");
}

/** Casts a tensor to float32 unless it is already float. */
export function asFloat(t: Tensor): Tensor {
  return isFloat(t.dtype) ? t : cast(t, "float32");
}

/** How binary ops name their operands in errors. */
const OPERANDS = ["argument 1 (x)", "argument 2 (y)"] as const;

/**
 * Brings two operands to a common dtype: float32 with float64 gives float64, a number takes the
 * dtype of the tensor operand, two numbers give float32.
 */
export function promoteOperands(a: TensorLike, b: TensorLike, op: string, names: readonly [string, string] = OPERANDS): [Tensor, Tensor] {
  const ta = a instanceof Tensor ? a : toTensor(a, b instanceof Tensor ? b : undefined, op, names[0]);
  const tb = b instanceof Tensor ? b : toTensor(b, ta, op, names[1]);
  const dtype = promoteTypes(ta.dtype, tb.dtype);
  return [cast(ta, dtype), cast(tb, dtype)];
}

/**
 * The operands of a comparison at a common dtype, compared exactly.
 * NOTE: an int32/bool tensor meeting a number that int32 does not hold exactly (3e9, 0.5, ±∞) is
 * compared in float64, which holds both exactly: `less(int32 [5], 3e9)` is true, and
 * `equal(int32 [16777217], 16777217.5)` false (float32 would round both to 16777216).
 */
export function promoteCompareOperands(a: TensorLike, b: TensorLike, op: string): [Tensor, Tensor] {
  const number = typeof a === "number" ? a : typeof b === "number" ? b : undefined;
  const other = typeof a === "number" ? b : a;
  if (number !== undefined && other instanceof Tensor && !isFloat(other.dtype) && !(Number.isInteger(number) && fitsInt32(number))) {
    const t = cast(other, "float64");
    const s = full([], number, { dtype: "float64" });
    return typeof a === "number" ? [s, t] : [t, s];
  }
  return promoteOperands(a, b, op);
}

/** `promoteOperands`, then int32/bool to float32 (for div, pow, atan2, ...). */
export function promoteFloatOperands(a: TensorLike, b: TensorLike, op: string, names: readonly [string, string] = OPERANDS): [Tensor, Tensor] {
  // Tensors become float first, so a number meets a float tensor: `div(int32 [7], 3e9)` is exact
  // instead of raising as int32 arithmetic with 3e9 does.
  const [ta, tb] = promoteOperands(a instanceof Tensor ? asFloat(a) : a, b instanceof Tensor ? asFloat(b) : b, op, names);
  return [asFloat(ta), asFloat(tb)];
}

/** Brings many operands to one dtype (numbers take the dtype of the first tensor). */
export function promoteAll(xs: readonly TensorLike[], op: string): Tensor[] {
  if (!Array.isArray(xs)) throw argumentError(op, "tensors", "an array of tensors or numbers", xs);
  const first = xs.find((x): x is Tensor => x instanceof Tensor);
  const ts = xs.map((x, i) => toTensor(x, first, op, `tensors[${i}]`));
  const dtype = ts.reduce<DType>((d, t) => promoteTypes(d, t.dtype), ts[0]?.dtype ?? "float32");
  return ts.map((t) => cast(t, dtype));
}

/** Checks that an integer-valued argument (indices, labels) is int32. */
export function requireInt(t: Tensor, op: string, what: string): Tensor {
  if (t.dtype !== "int32") throw new DTypeError(`${op}: ${what} must be int32, got ${t.dtype}`);
  return t;
}

/**
 * Normalised reduction axes of `x` (sorted, non-negative; all axes when `axis` is omitted); checks
 * `keepdims` too when given (a boolean, else an ArgumentError naming `op`).
 */
export function reductionAxes(x: Tensor, axis: AxisArg, op: string, keepdims?: boolean): number[] {
  if (keepdims !== undefined && typeof keepdims !== "boolean") throw argumentError(op, "keepdims", "a boolean", keepdims);
  return normalizeAxes(axis, x.ndim, op);
}

/** Reinserts reduced axes as size 1 when `keepdims`. */
export function keepDims(y: Tensor, x: Tensor, axes: readonly number[], keepdims: boolean): Tensor {
  if (!keepdims) return y;
  return reshape(y, x.shape.map((d, i) => (axes.includes(i) ? 1 : d)));
}

/**
 * Checks, under the name of a composite op, that two operands broadcast (O(rank)), so that a
 * mismatch is reported as `op` rather than as the primitive it calls.
 */
export function checkBroadcast(a: Tensor, b: Tensor, op: string): void {
  if (!shapesEqual(a.shape, b.shape)) broadcastShapes(a.shape, b.shape, op);
}

/** Checks that `x` is a Tensor (where numbers are not accepted); the error names `op` and `arg`. */
export function checkTensor(x: unknown, op: string, arg = "x"): Tensor {
  if (!(x instanceof Tensor)) throw argumentError(op, arg, "a tensor", x);
  return x;
}
