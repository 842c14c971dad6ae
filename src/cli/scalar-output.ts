import type { Tensor } from "../index.js";
import { UsageError } from "./usage-error.js";

/** Checks that the expression's value is a scalar, for grad and hessian. */
export function requireScalar(value: Tensor, command: string): void {
  if (value.size !== 1)
    throw new UsageError(`${command}: the expression must have one value, got shape [${value.shape.join(", ")}]; use jacobian for vector expressions`);
}

/** The point as JSON: variable name → number or nested arrays. */
export function pointJSON(variables: readonly string[], values: readonly Tensor[]): Record<string, unknown> {
  return Object.fromEntries(variables.map((v, i) => [v, values[i]!.toArray()]));
}
