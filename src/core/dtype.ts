import { describeValue } from "./validate.js";
import { ArgumentError, ShapeError } from "./errors.js";
import { MAX_ELEMENTS } from "./shape.js";

/** The element types a tensor can hold. */
export type DType = "float32" | "float64" | "int32" | "bool";

/** The typed array that stores each dtype. */
export type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array;

/** All dtypes, in promotion order. */
export const dtypes: readonly DType[] = ["bool", "int32", "float32", "float64"];

/** True for dtypes that carry derivatives. */
export function isFloat(dtype: DType): boolean {
  return dtype === "float32" || dtype === "float64";
}

/**
 * Allocates a zero-filled typed array of `size` elements of `dtype`.
 * NOTE: past `MAX_ELEMENTS` (an op's output, e.g. a broadcast, that no shape check saw) it is a
 * ShapeError; an allocation the engine refuses (out of memory) is a RangeError that gives the size
 * in elements and bytes, instead of the engine's "Array buffer allocation failed".
 */
export function allocArray(dtype: DType, size: number): TypedArray {
  if (!(size <= MAX_ELEMENTS))
    throw new ShapeError(`cannot make a ${dtype} tensor of ${size} elements: more than a tensor may have (${MAX_ELEMENTS}, 2³¹ − 1)`);
  try {
    return allocate(dtype, size);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    const bytes = size * (dtype === "float64" ? 8 : dtype === "bool" ? 1 : 4);
    throw new RangeError(`cannot allocate a ${dtype} tensor of ${size} elements (${(bytes / 2 ** 30).toFixed(1)} GiB): ${e.message}`);
  }
}

function allocate(dtype: DType, size: number): TypedArray {
  switch (dtype) {
    case "float32":
      return new Float32Array(size);
    case "float64":
      return new Float64Array(size);
    case "int32":
      return new Int32Array(size);
    case "bool":
      return new Uint8Array(size);
  }
}

/** The dtype whose storage is the given typed array (Uint8Array means bool). */
export function dtypeOfArray(a: TypedArray): DType {
  if (a instanceof Float32Array) return "float32";
  if (a instanceof Float64Array) return "float64";
  if (a instanceof Int32Array) return "int32";
  return "bool";
}

/**
 * The dtype of an op on two dtypes.
 * NOTE: bool < int32 < float32 < float64, as in numpy except that int32 with float32 stays float32
 * (the JAX convention: a float tensor's precision is not widened by integer operands).
 */
export function promoteTypes(a: DType, b: DType): DType {
  if (a === b) return a;
  return dtypes.indexOf(a) >= dtypes.indexOf(b) ? a : b;
}

/** The smallest int32. */
export const INT32_MIN = -2147483648;
/** The largest int32. */
export const INT32_MAX = 2147483647;

/** True when `value` is a number that int32 stores after truncation toward zero (finite, in range). */
export function fitsInt32(value: number): boolean {
  return value > INT32_MIN - 1 && value < INT32_MAX + 1;
}

/**
 * Rounds or converts a JS number to what `dtype` stores; `where` names the caller in errors.
 * NOTE: to int32, fractions truncate toward zero (as C and NumPy casts), but a value outside the int32
 * range, ±∞ or NaN is an ArgumentError, never a silent wraparound (`| 0` would make 3e9 −1294967296).
 * Arithmetic on int32 tensors does wrap around (two's complement, as NumPy and PyTorch).
 */
export function coerceScalar(value: number, dtype: DType, where = "tensor"): number {
  switch (dtype) {
    case "float32":
      return Math.fround(value);
    case "float64":
      return value;
    case "int32":
      if (!fitsInt32(value))
        throw new ArgumentError(`${where}: the value ${value} does not fit int32 (range ${INT32_MIN}..${INT32_MAX}); use a float dtype`);
      return value | 0;
    case "bool":
      return value ? 1 : 0;
  }
}

/** Checks a user-supplied dtype name and returns it typed; anything else is an ArgumentError naming `where`. */
export function checkDType(dtype: unknown, where: string): DType {
  if (dtype === "float32" || dtype === "float64" || dtype === "int32" || dtype === "bool") return dtype;
  const given = typeof dtype === "string" ? JSON.stringify(dtype.length > 40 ? `${dtype.slice(0, 40)}…` : dtype) : describeValue(dtype);
  throw new ArgumentError(`${where}: unknown dtype ${given}; dtype must be one of ${dtypes.join(", ")}`);
}
