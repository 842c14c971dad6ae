import { TransformError } from "../core/errors.js";
import { escapedTracerError, within, type Interpreter } from "../primitives/bind.js";
import type { Primitive } from "../primitives/primitive.js";
import { Tensor } from "../tensor/tensor.js";

/** What random samplers do inside `vmap`: fail, draw independently per example, or share one draw. */
export type Randomness = "error" | "different" | "same";

/**
 * Batching (`vmap`): a tracer stands for one example of a batch; its `_primal` is the whole batch,
 * one level down, with the batch on axis 0 (the only convention: see primitives/batching.ts).
 * Values this interpreter does not own are the same for every example. Applying a primitive to any
 * tracer of this interpreter runs the primitive's batching rule in `parent`; when no argument is
 * batched the primitive goes to the parent untouched.
 */
export class BatchInterpreter implements Interpreter {
  readonly name = "vmap";
  active = true;
  constructor(
    readonly parent: Interpreter,
    readonly axisSize: number,
    readonly randomness: Randomness,
  ) {}

  /** A tracer for one example of `batch` (a value with the batch on axis 0). */
  lift(batch: Tensor): Tensor {
    if (batch.shape[0] !== this.axisSize)
      throw new TransformError(`vmap: internal error: a batched value has leading axis ${batch.shape[0]}, expected ${this.axisSize}`);
    return new Tensor(batch.shape.slice(1), batch.dtype, null, this, batch);
  }

  /** NOTE: reading an example's value would read the whole batch; it raises, naming the alternatives. */
  readonly valueReadError = (op: string): Error =>
    new TransformError(
      `vmap: ${op} reads the value of a batched tensor, which differs from example to example. ` +
        `Data-dependent control flow cannot be batched: select per example with where(cond, a, b), ` +
        `or read values outside vmap.`,
    );

  apply<P>(prim: Primitive<P>, args: readonly Tensor[], params: P): Tensor[] {
    const n = args.length;
    const vals = new Array<Tensor>(n);
    const batched = new Array<boolean>(n);
    let any = false;
    for (let i = 0; i < n; i++) {
      const a = args[i]!;
      if (a._owner === this) {
        vals[i] = a._primal!;
        batched[i] = true;
        any = true;
      } else {
        if (a._owner !== null && !a._owner.active) throw escapedTracerError(a, prim);
        vals[i] = a;
        batched[i] = false;
      }
    }
    if (!any) return this.parent.apply(prim, vals, params);
    const rule = prim.vmap;
    if (rule === undefined)
      throw new TransformError(`vmap: the primitive '${prim.name}' has no batching rule, so it cannot run inside vmap`);
    const [outs, outBatched] = within(this.parent, () => rule(vals, batched, params, this.axisSize, prim));
    const results = new Array<Tensor>(outs.length);
    for (let i = 0; i < outs.length; i++) results[i] = outBatched[i] ? this.lift(outs[i]!) : outs[i]!;
    return results;
  }
}

/** The batching interpreters on the stack from `interp` down, innermost first. */
export function batchLevels(interp: Interpreter | null): BatchInterpreter[] {
  const levels: BatchInterpreter[] = [];
  for (let i = interp; i !== null; i = i.parent) if (i instanceof BatchInterpreter) levels.push(i);
  return levels;
}
