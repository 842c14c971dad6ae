import { ArgumentError } from "../core/errors.js";
import { argumentError, checkOptions } from "../core/validate.js";

/**
 * `argnums` normalised against an argument count: the distinct arguments to differentiate, and for
 * each requested position the index of its argument in that list.
 *
 * NOTE: a repeated argument (`argnums: [0, 0]`) is differentiated once and its gradient returned in
 * every position that names it (position j holds ∂f/∂x_argnums[j]), rather than raising: a list of
 * argnums built by code may repeat one harmlessly.
 */
export interface Argnums {
  /** Distinct argument indices (non-negative), in order of first appearance. */
  readonly unique: readonly number[];
  /** Per requested position, its index into `unique`; null when there are no repeats (the identity). */
  readonly slots: readonly number[] | null;
  /** Whether `argnums` was an array (the result is then an array of gradients). */
  readonly many: boolean;
}

/** Checks an `argnums` option at transform creation: undefined, an integer, or a non-empty array of integers. */
export function checkArgnums(argnums: unknown, fn: string): number | readonly number[] | undefined {
  if (argnums === undefined || Number.isInteger(argnums)) return argnums as number | undefined;
  if (Array.isArray(argnums) && argnums.length > 0 && argnums.every((a) => Number.isInteger(a))) return [...(argnums as number[])];
  throw argumentError(fn, "argnums", "an integer or a non-empty array of integers", argnums);
}

/** Normalises a checked `argnums` for `nargs` arguments (negative counts from the end); throws when out of range. */
export function normalizeArgnums(argnums: number | readonly number[] | undefined, nargs: number, fn: string): Argnums {
  const list = argnums === undefined ? [0] : typeof argnums === "number" ? [argnums] : argnums;
  const unique: number[] = [];
  let slots: number[] | null = null;
  for (let j = 0; j < list.length; j++) {
    const a = list[j]!;
    if (a < -nargs || a >= nargs) {
      const expected = nargs === 0 ? "an argument index, but f was called with no arguments" : `in [${-nargs}, ${nargs - 1}] for ${nargs} argument(s)`;
      throw new ArgumentError(`${fn}: argnums must be ${expected}, got ${JSON.stringify(argnums)}`);
    }
    const k = a < 0 ? a + nargs : a;
    const at = unique.indexOf(k);
    if (at < 0) {
      unique.push(k);
      slots?.push(unique.length - 1);
    } else {
      slots ??= unique.map((_, i) => i);
      slots.push(at);
    }
  }
  return { unique, slots, many: Array.isArray(argnums) };
}

/** Puts per-argument results (in `unique` order) into the requested positions. */
export function toSlots<T>(a: Argnums, results: readonly T[]): T[] {
  if (a.slots === null) return results as T[];
  return a.slots.map((s) => results[s]!);
}

/** Checks a transform's options object: a plain object whose keys are all in `allowed`. */
export function checkTransformOptions<T extends object>(opts: unknown, fn: string, allowed: readonly string[]): Partial<T> {
  const o = checkOptions<T>(opts, fn);
  for (const key of Object.keys(o))
    if (!allowed.includes(key))
      throw new ArgumentError(`${fn}: options must have keys among ${allowed.join(", ")}, got the key ${JSON.stringify(key.slice(0, 40))}`);
  return o;
}
