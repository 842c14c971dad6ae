import { ArgumentError, DTypeError, ShapeError } from "./errors.js";

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

/** True for an `async function` / async arrow (its constructor is AsyncFunction). */
function isAsyncFunction(f: unknown): boolean {
  return typeof f === "function" && (f as { [Symbol.toStringTag]?: unknown })[Symbol.toStringTag] === "AsyncFunction";
}

/**
 * Checks that `value` is a synchronous function (not an `async` one); for scopes such as `noGrad`
 * that end when the function returns. Pair it with `checkNotThenable` on the result.
 */
export function checkSyncFunction<F extends (...args: never[]) => unknown>(value: unknown, fn: string, arg: string): F {
  if (isAsyncFunction(value))
    throw new ArgumentError(
      `${fn}: ${arg} must be a synchronous function, got an async function (the scope would end at its first await); call ${fn} inside the async code, around its synchronous parts`,
    );
  return checkFunction<F>(value, fn, arg);
}

/** Throws when a scope's function returned a Promise or other thenable (see `checkSyncFunction`). */
export function checkNotThenable<T>(result: T, fn: string, arg: string): T {
  if (result !== null && (typeof result === "object" || typeof result === "function") && typeof (result as { then?: unknown }).then === "function")
    throw new ArgumentError(
      `${fn}: ${arg} returned a Promise; the scope ended before its asynchronous part ran, so that part was not covered. Call ${fn} inside the async code, around its synchronous parts`,
    );
  return result;
}

/**
 * JSON text of a small user value for an error message (`[2, 3]`, `"same"`), bounded to ~60
 * characters; values JSON cannot print (bigint, symbol, circular, throwing getters) fall back to
 * `describeValue`. Never throws.
 */
export function showValue(x: unknown): string {
  let text: string | undefined;
  try {
    text = typeof x === "number" ? String(x) : JSON.stringify(x);
  } catch {
    text = undefined;
  }
  if (text === undefined || (typeof x === "object" && x !== null && !Array.isArray(x) && text === "{}" && Object.getPrototypeOf(x) !== Object.prototype)) return describeValue(x);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

/** Checks that `value` is an array of integers ≥ `min`; the error names `fn`, `arg` and the bad entry. O(length). */
export function checkIntegerArray(value: unknown, fn: string, arg: string, min = -Infinity): number[] {
  if (!Array.isArray(value)) throw argumentError(fn, arg, `an array of integers${min === -Infinity ? "" : ` ≥ ${min}`}`, value);
  for (let i = 0; i < value.length; i++) checkInteger(value[i], fn, `${arg}[${i}]`, min);
  return value as number[];
}

/**
 * Runs `body` as public function `fn`: a library error (ArgumentError, ShapeError, DTypeError) from a
 * function it calls gets `fn: ` in front of its message when it does not name `fn` already, keeping its
 * class. For composite public functions whose checks live in the functions they call; not for hot paths.
 */
export function inFunction<T>(fn: string, body: () => T): T {
  try {
    return body();
  } catch (e) {
    if ((e instanceof ArgumentError || e instanceof ShapeError || e instanceof DTypeError) && !e.message.includes(fn)) {
      const renamed = new (e.constructor as new (message: string) => Error)(`${fn}: ${e.message}`);
      renamed.stack = e.stack;
      throw renamed;
    }
    throw e;
  }
}

/** Checks that `value` is iterable (an array, a Set, a generator...) and not a string; the error names `fn` and `arg`. */
export function checkIterable<T>(value: unknown, fn: string, arg: string, expected: string): Iterable<T> {
  if (value === null || typeof value !== "object" || typeof (value as Partial<Iterable<T>>)[Symbol.iterator] !== "function")
    throw argumentError(fn, arg, expected, value);
  return value as Iterable<T>;
}

/** Checks that `value` is a Uint8Array (a Node Buffer is one); the error names `fn` and `arg`. */
export function checkBytes(value: unknown, fn: string, arg = "bytes"): Uint8Array {
  if (!(value instanceof Uint8Array)) throw argumentError(fn, arg, "a Uint8Array", value);
  return value;
}

/** Checks that `value` is a string; the error names `fn` and `arg`. */
export function checkString(value: unknown, fn: string, arg: string): string {
  if (typeof value !== "string") throw argumentError(fn, arg, "a string", value);
  return value;
}

/** Checks an options object (or undefined) whose names must be among `allowed`; an unknown name raises naming `fn`. */
export function checkOptionNames<T extends object>(value: unknown, fn: string, allowed: readonly string[], arg = "options"): Partial<T> {
  const o = checkOptions<T>(value, fn, arg);
  for (const k of Object.keys(o))
    if (!allowed.includes(k))
      throw new ArgumentError(`${fn}: ${arg}.${k} is not an option (expected one of ${allowed.join(", ")}), got ${describeValue((o as Record<string, unknown>)[k])}`);
  return o;
}

/**
 * Throws when a function that takes no (more) options was called with extra arguments (`extra`,
 * its rest parameter): a JavaScript caller's options would otherwise be accepted and ignored.
 */
export function checkNoExtraArguments(fn: string, extra: readonly unknown[], params: readonly string[]): void {
  if (extra.length > 0) throw argumentError(fn, `argument ${params.length + 1}`, `absent (${fn}(${params.join(", ")}) has no options)`, extra[0]);
}
