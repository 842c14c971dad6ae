import { BatchInterpreter } from "../interpreters/batch.js";
import type { Tensor } from "../tensor/tensor.js";

/** Whether `t` is batched by a `vmap` (itself a vmap tracer, or a tracer of a transform inside vmap whose value is). */
export function batchedByVmap(t: Tensor): boolean {
  for (let x: Tensor | null = t; x !== null && x._owner !== null; x = x._primal) if (x._owner instanceof BatchInterpreter) return true;
  return false;
}
