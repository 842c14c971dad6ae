import fc from "fast-check";
import * as W from "../../src/index.js";

/** The error a `throwingObject`'s getters throw: the caller's own error, which the library may let through. */
export class GetterError extends Error {
  override name = "GetterError";
}

/** An object whose every property read throws (a getter that explodes). */
function throwingObject(): object {
  return new Proxy({}, {
    get() {
      throw new GetterError("getter called");
    },
  });
}

/** A plain object and an array that contain themselves. */
function circular(): unknown[] {
  const o: Record<string, unknown> = { a: 1 };
  o.self = o;
  const a: unknown[] = [1];
  a.push(a);
  return [o, a];
}

/**
 * Wrong-typed and out-of-range values of every kind a caller might pass by mistake: strings, NaN,
 * ±∞, fractions, negatives, null, undefined, {}, [], nested arrays, functions, symbols, huge numbers,
 * objects with a throwing getter, circular objects, and tensors of the wrong dtype or shape.
 * NOTE: "huge" stays above every typed-array limit (1e12, 2^53), so a missing check fails fast
 * instead of allocating gigabytes.
 */
export function badValue(): fc.Arbitrary<unknown> {
  const fixed = fc.constantFrom<() => unknown>(
    () => "a",
    () => "",
    () => "1",
    () => "float32",
    () => NaN,
    () => Infinity,
    () => -Infinity,
    () => 1.5,
    () => -1,
    () => -7,
    () => 0,
    () => 1e12,
    () => 2 ** 53,
    () => null,
    () => undefined,
    () => true,
    () => 3n,
    () => ({}),
    () => [],
    () => [[1, [2]], 3],
    () => [1.5, NaN],
    () => ["a", "b"],
    () => [[]],
    () => () => 1,
    () => async () => 1,
    () => Symbol("s"),
    () => throwingObject(),
    () => circular()[0],
    () => circular()[1],
    () => new Date(0),
    () => new Float32Array(3),
    () => W.tensor([1, 2], { dtype: "int32" }),
    () => W.tensor([true, false]),
    () => W.tensor([1, 2, 3, 4], { dtype: "float64" }),
    () => W.scalar(3),
    () => W.zeros([0]),
    () => W.zeros([2, 2, 2]),
    () => W.zeros([5, 1]),
  );
  return fc.oneof(
    { weight: 6, arbitrary: fixed.map((make) => make()) },
    { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
    { weight: 1, arbitrary: fc.double() },
    { weight: 1, arbitrary: fc.integer({ min: -1000, max: 1000 }) },
  );
}
