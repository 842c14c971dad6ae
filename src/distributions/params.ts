import { ArgumentError, ShapeError } from "../core/errors.js";
import { broadcastShapes, showShape } from "../core/shape.js";
import { argumentError, checkBoolean, checkOptions } from "../core/validate.js";
import { broadcastTo, cast } from "../ops/index.js";
import { tensor } from "../tensor/creation.js";
import { Tensor } from "../tensor/tensor.js";

/** A distribution's parameter as users give it: a number or a tensor (any float tensor, tracers included). */
export type ParamLike = number | Tensor;

/** Options every distribution accepts. */
export interface DistributionOptions {
  /** Check parameters when constructed and values in `logProb` (default true); false skips the checks for speed. */
  validateArgs?: boolean;
}

/** Reads the `validateArgs` option (default true); errors name `dist`. */
export function readValidateArgs(options: unknown, dist: string): boolean {
  const o = checkOptions<DistributionOptions>(options, dist);
  return o.validateArgs === undefined ? true : checkBoolean(o.validateArgs, dist, "options.validateArgs");
}

/**
 * Converts parameters to float tensors of one dtype (float64 when any tensor is float64, else
 * float32) broadcast to one shape. Errors name `dist` and the parameter.
 * NOTE: parameters are broadcast eagerly (torch's `broadcast_all`), so every method sees the batch shape.
 */
export function floatParams(dist: string, names: readonly string[], values: readonly unknown[]): Tensor[] {
  let dtype: "float32" | "float64" = "float32";
  values.forEach((v, i) => {
    if (v instanceof Tensor) {
      if (v.dtype === "float64") dtype = "float64";
    } else if (typeof v !== "number") throw argumentError(dist, names[i]!, "a number or a tensor", v);
  });
  const ts = values.map((v) => (v instanceof Tensor ? (v.dtype === dtype ? v : cast(v, dtype)) : tensor(v as number, { dtype })));
  let shape: number[] = [];
  try {
    for (const t of ts) shape = broadcastShapes(shape, t.shape);
  } catch {
    throw new ShapeError(`${dist}: the shapes of ${names.join(", ")} (${ts.map((t) => showShape(t.shape)).join(", ")}) do not broadcast`);
  }
  return ts.map((t) => (t.shape.length === shape.length && t.shape.every((d, i) => d === shape[i]) ? t : broadcastTo(t, shape)));
}

/** Reads a `{ probs | logits }` options object: exactly one of them; errors name `dist`. */
export function probsOrLogits(dist: string, options: unknown): { probs?: unknown; logits?: unknown; validateArgs: boolean } {
  const o = checkOptions<{ probs?: unknown; logits?: unknown }>(options, dist);
  if (options === undefined || (o.probs === undefined) === (o.logits === undefined))
    throw new ArgumentError(`${dist}: options must give exactly one of probs and logits, got ${o.probs === undefined ? "neither" : "both"}`);
  return { probs: o.probs, logits: o.logits, validateArgs: readValidateArgs(options, dist) };
}
