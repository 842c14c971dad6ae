import { argumentError, checkOptions } from "../../core/validate.js";

/**
 * Checks an options object (or undefined) whose keys must be among `allowed`; an unknown key is an
 * ArgumentError that names `fn`, the key and the allowed ones.
 */
export function checkKnownOptions<T extends object>(value: unknown, fn: string, allowed: readonly string[]): Partial<T> {
  const o = checkOptions<T>(value, fn);
  for (const k of Object.keys(o)) if (!allowed.includes(k)) throw argumentError(fn, `options.${k}`, `one of ${allowed.join(", ")} (an unknown option)`, k);
  return o;
}
