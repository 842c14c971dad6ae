import { setScalarPath } from "../../src/interpreters/scalar-rules.js";

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
