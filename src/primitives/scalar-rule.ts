import type { AnyPrimitive } from "./primitive.js";

/**
 * A primitive's vjp on float64 numbers: from the output cotangent `ct`, the inputs `a` (and `b`)
 * and the output `y`, writes the input cotangents into `out[0]` (and `out[1]`).
 */
export type ScalarVjp = (ct: number, a: number, b: number, y: number, out: Float64Array) => void;

/**
 * A primitive on one-element float64 values: its kernel and its vjp on numbers. The rules
 * themselves live in interpreters/scalar-rules.ts; the type lives here so that `bind` can name it.
 */
export interface ScalarRule {
  /** The primitive this rule computes (a one- or two-input primitive without params). */
  readonly prim: AnyPrimitive;
  /** The rule's op code on the compact scalar tape (interpreters/scalar-tape.ts). */
  readonly code: number;
  /** The value, as the backend's scalar fast path computes it (`b` unused for unary primitives). */
  readonly value: (a: number, b: number) => number;
  readonly vjp: ScalarVjp;
}
