import { expect } from "vitest";
import type { Tensor } from "../../src/index.js";
import { setScalarPath } from "../../src/interpreters/scalar-rules.js";
import { setScalarTape } from "../../src/interpreters/scalar-tape.js";

/** Runs `fn` with the scalar path on (setScalarPath(true)) and off (the general path); returns both results. */
export function bothPaths<T>(fn: () => T): [T, T] {
  setScalarPath(true);
  const fast = fn();
  setScalarPath(false);
  try {
    return [fast, fn()];
  } finally {
    setScalarPath(true);
  }
}

/** Runs `fn` on the tape, on the node-based scalar path and on the general path. */
export function threePaths<T>(fn: () => T): [T, T, T] {
  try {
    const tape = fn();
    setScalarTape(false);
    const nodes = fn();
    setScalarPath(false);
    return [tape, nodes, fn()];
  } finally {
    setScalarPath(true);
    setScalarTape(true);
  }
}

/** Every element of every tensor in `ts`, as numbers (NaN and −0 kept). */
export const bits = (ts: readonly Tensor[]): number[] => ts.flatMap((t) => Array.from(t.data(), Number));

/** Throws at the first element of `a` (the tape's) that is not `Object.is` the same as `b`'s (`what`'s). */
export function expectSameBits(a: readonly number[], b: readonly number[], what: string): void {
  expect(a.length).toBe(b.length);
  a.forEach((x, i) => {
    if (!Object.is(x, b[i])) throw new Error(`element ${i}: ${x} (tape) vs ${b[i]} (${what})`);
  });
}
