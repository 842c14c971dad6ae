import { isFloat } from "../core/dtype.js";
import { bind, currentInterpreter, within, type Interpreter } from "../primitives/bind.js";
import type { AnyPrimitive, Primitive } from "../primitives/primitive.js";
import { onesLike, zerosLike } from "../tensor/creation.js";
import type { Tensor } from "../tensor/tensor.js";
import { jvp } from "../transforms/jvp.js";
import { vjp } from "../transforms/vjp.js";

/** Notes every primitive applied through it, then passes the application on to its parent unchanged. */
class RecordingInterpreter implements Interpreter {
  readonly name = "record";
  readonly active = true;
  readonly seen = new Set<AnyPrimitive>();
  constructor(readonly parent: Interpreter) {}

  apply<P>(prim: Primitive<P>, args: readonly Tensor[], params: P): Tensor[] {
    this.seen.add(prim as AnyPrimitive);
    return this.parent.apply(prim, args, params);
  }
}

/**
 * The set of primitives bound while `fn` runs. The recorder becomes the current interpreter, so a
 * transform started inside `fn` sits above it and runs its rules in it: every primitive a jvp or
 * vjp rule binds is seen (stack: base ← recorder ← JvpInterpreter/VjpInterpreter).
 */
export function recordPrimitives(fn: () => void): Set<AnyPrimitive> {
  const recorder = new RecordingInterpreter(currentInterpreter());
  within(recorder, fn);
  return recorder.seen;
}

/**
 * The primitives that `prim`'s jvp and vjp rules (and its forward pass) bind on `args`: for the
 * closure test, every one of them must be registered.
 *
 * @example
 * ruleClosure(sinP, [x], {}); // Set { sin, cos, mul }
 */
export function ruleClosure<P>(prim: Primitive<P>, args: readonly Tensor[], params: P): Set<AnyPrimitive> {
  const f = (...xs: Tensor[]): Tensor[] => bind(prim, xs, params);
  return recordPrimitives(() => {
    jvp(f, args, args.map((a) => (isFloat(a.dtype) ? onesLike(a) : zerosLike(a))));
    const [outs, pullback] = vjp(f, ...args);
    pullback((outs as Tensor[]).map((o) => (isFloat(o.dtype) ? onesLike(o) : zerosLike(o))));
  });
}
