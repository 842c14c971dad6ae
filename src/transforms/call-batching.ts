import { BatchInterpreter, type Randomness } from "../interpreters/batch.js";
import { materializeBatch } from "../primitives/batching.js";
import { bind, currentInterpreter, within, type Interpreter } from "../primitives/bind.js";
import type { Primitive } from "../primitives/primitive.js";
import type { Tensor } from "../tensor/tensor.js";
import type { FlatFunction } from "./call-primitive.js";

/**
 * `fn` on flat tensors under a fresh `vmap` at the current level: `xs[i]` carries the batch on axis
 * 0 when `batched[i]`; every output comes back with the batch on axis 0 (an output that does not
 * depend on the batch is repeated). The call primitives' batching rules run their user functions
 * (f, a custom rule, fwd, bwd) through it, so those functions see one example at a time.
 * `randomness` is the calling vmap's (random samplers inside the function follow it).
 */
export function vmapFlat(fn: (xs: Tensor[]) => Tensor[], xs: readonly Tensor[], batched: readonly boolean[], axisSize: number, randomness: Randomness): Tensor[] {
  const interp = new BatchInterpreter(currentInterpreter(), axisSize, randomness);
  try {
    const lifted = xs.map((x, i) => (batched[i] ? interp.lift(x) : x));
    const outs = within(interp, () => fn(lifted));
    return outs.map((t) => (t._owner === interp ? t._primal! : materializeBatch(t, axisSize)));
  } finally {
    interp.active = false;
  }
}

/** `fn` batched: a flat function of the stacked arguments whose outputs carry the batch on axis 0. */
export function batchedFlatFunction(fn: FlatFunction, batched: readonly boolean[], axisSize: number, randomness: Randomness): FlatFunction {
  const out: FlatFunction = {
    name: fn.name,
    outDef: null,
    call: (xs) => {
      const ys = vmapFlat((lane) => fn.call(lane), xs, batched, axisSize, randomness);
      out.outDef = fn.outDef;
      return ys;
    },
  };
  return out;
}

/**
 * Binds the call primitive `prim` with `params` (whose functions were batched) on the stacked
 * arguments; every output is batched. The original `fn` learns the output structure, as after an
 * unbatched call, so `bindCall` can rebuild the output tree.
 */
export function bindBatchedCall<P extends { readonly fn: FlatFunction }>(prim: Primitive<P>, args: readonly Tensor[], original: FlatFunction, params: P): [Tensor[], boolean[]] {
  const outs = bind(prim, args, params);
  if (params.fn.outDef !== null) original.outDef = params.fn.outDef;
  return [outs, outs.map(() => true)];
}

let callSite: Interpreter | null = null;

/**
 * Runs `bindOne` (the bind of a call primitive) remembering the interpreter it was called in, so
 * that a batching rule it reaches can find its vmap (`ruleRandomness`).
 */
export function atCallSite<T>(bindOne: () => T): T {
  const prev = callSite;
  callSite = currentInterpreter();
  try {
    return bindOne();
  } finally {
    callSite = prev;
  }
}

/**
 * The randomness of the vmap whose batching rule is running: the interpreter's when the rule is
 * given it, else that of the vmap between the call site and the rule's level (a rule runs in its
 * vmap's parent), else "error". NOTE: the `vmap` rule signature passes no interpreter, so the call
 * site recorded by `bindCall` stands in for it.
 */
export function ruleRandomness(interp?: { readonly randomness: Randomness }): Randomness {
  if (interp !== undefined) return interp.randomness;
  const level = currentInterpreter();
  for (let i = callSite; i !== null; i = i.parent) if (i instanceof BatchInterpreter && i.parent === level) return i.randomness;
  return "error";
}

/** Batching rule of `checkpoint`: the same primitive around `f` batched. */
export function batchCheckpoint<P extends { readonly fn: FlatFunction }>(
  args: readonly Tensor[],
  batched: readonly boolean[],
  p: P,
  axisSize: number,
  prim: Primitive<P>,
  interp?: { readonly randomness: Randomness },
): [Tensor[], boolean[]] {
  return bindBatchedCall(prim, args, p.fn, { ...p, fn: batchedFlatFunction(p.fn, batched, axisSize, ruleRandomness(interp)) });
}
