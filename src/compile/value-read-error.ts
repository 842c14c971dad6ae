import { TransformError } from "../core/errors.js";

/**
 * The error for a function under `compile` that reads a traced value (`x.item()`, `x.data()`,
 * `Number(x)`, `x < y`, ...): a compiled function replays the primitives recorded while tracing,
 * so any JavaScript branch taken on a value would be frozen in silently.
 */
export function valueReadError(op: string): TransformError {
  return new TransformError(
    `compile: ${op} needs the value of a traced tensor, but compile (like trace) freezes JavaScript control flow: ` +
      `a branch or number computed from it would be baked into the compiled function for every later input. ` +
      `Select values with where(cond, a, b) (and keep the value in a tensor), or do not compile this function.`,
  );
}
