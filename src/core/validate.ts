import { ArgumentError } from "./errors.js";

/**
 * A short, bounded description of any value for an error message: `the string "1"`, `the number NaN`,
 * `an array of length 3`, `null`, `a function`, `an object of class Foo`. Never prints more than
 * ~40 characters of user data, never throws, never recurses.
 */
export function describeValue(x: unknown): string {
  if (x === null) return "null";
  if (x === undefined) return "undefined";
  switch (typeof x) {
    case "string":
      return `the string ${JSON.stringify(x.length > 40 ? `${x.slice(0, 40)}…` : x)}`;
    case "number":
      return `the number ${String(x)}`;
    case "bigint":
      return `the bigint ${String(x)}n`;
    case "boolean":
      return `the boolean ${String(x)}`;
    case "symbol":
      return "a symbol";
    case "function":
      return "a function";
  }
  if (Array.isArray(x)) return `an array of length ${x.length}`;
  // NOTE: duck-typed so this module stays below the Tensor class in the layering.
  const shape = (x as { shape?: unknown }).shape;
  const dtype = (x as { dtype?: unknown }).dtype;
  if (Array.isArray(shape) && typeof dtype === "string") return `a ${dtype} tensor of shape [${shape.join(", ")}]`;
  let ctor: string | undefined;
  try {
    ctor = (Object.getPrototypeOf(x) as { constructor?: { name?: string } } | null)?.constructor?.name;
  } catch {
    ctor = undefined;
  }
  if (!ctor || ctor === "Object") return "an object";
  return `an object of class ${ctor}`;
}

/** The error `fn: arg must be <expected>, got <given>` for a public function's bad argument. */
export function argumentError(fn: string, arg: string, expected: string, given: unknown): ArgumentError {
  return new ArgumentError(`${fn}: ${arg} must be ${expected}, got ${describeValue(given)}`);
}

/** Checks that `value` is a function; the error names `fn` and `arg`. */
export function checkFunction<F extends (...args: never[]) => unknown>(value: unknown, fn: string, arg: string): F {
  if (typeof value !== "function") throw argumentError(fn, arg, "a function", value);
  return value as F;
}

/** Checks that `value` is a finite number (optionally > 0 or ≥ 0); the error names `fn` and `arg`. */
export function checkFiniteNumber(
  value: unknown,
  fn: string,
  arg: string,
  bound: "any" | "positive" | "nonnegative" = "any",
): number {
  const ok = typeof value === "number" && Number.isFinite(value) &&
    (bound === "any" || (bound === "positive" ? value > 0 : value >= 0));
  if (!ok) {
    const what = bound === "any" ? "a finite number" : bound === "positive" ? "a finite number > 0" : "a finite number ≥ 0";
    throw argumentError(fn, arg, what, value);
  }
  return value as number;
}

/** Checks that `value` is an integer in [min, max]; the error names `fn` and `arg`. */
export function checkInteger(value: unknown, fn: string, arg: string, min = -Infinity, max = Infinity): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    const range = min === -Infinity && max === Infinity ? "" : max === Infinity ? ` ≥ ${min}` : ` in [${min}, ${max}]`;
    throw argumentError(fn, arg, `an integer${range}`, value);
  }
  return value;
}

/** Checks that `value` is a boolean; the error names `fn` and `arg`. */
export function checkBoolean(value: unknown, fn: string, arg: string): boolean {
  if (typeof value !== "boolean") throw argumentError(fn, arg, "a boolean", value);
  return value;
}

/** Checks that `value` is a plain options object (or undefined, returned as `{}`). */
export function checkOptions<T extends object>(value: unknown, fn: string, arg = "options"): Partial<T> {
  if (value === undefined) return {};
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw argumentError(fn, arg, "an options object", value);
  return value as Partial<T>;
}
