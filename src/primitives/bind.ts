import { TransformError } from "../core/errors.js";
import type { Tensor, TracerOwner } from "../tensor/tensor.js";
import type { AnyPrimitive, Primitive } from "./primitive.js";

/**
 * An interpreter gives primitives a meaning: evaluate, differentiate forward, record for reverse,
 * trace. Interpreters form a stack through `parent`; `bind` sends every primitive application to the
 * current (innermost) one, which handles its own tracers and delegates the rest to its parent.
 * See `interpreters/interpreter-design.md` for the design.
 */
export interface Interpreter extends TracerOwner {
  readonly parent: Interpreter | null;
  /** Applies `prim` to `args` (tensors of any owner) at this level. */
  apply<P>(prim: Primitive<P>, args: readonly Tensor[], params: P): Tensor[];
}

let current: Interpreter | null = null;

/** The innermost interpreter. */
export function currentInterpreter(): Interpreter {
  if (current === null) throw new Error("wengert: the engine is not initialised (import the package root)");
  return current;
}

/** Installs the bottom of the interpreter stack (done once by the package root). */
export function setBaseInterpreter(base: Interpreter): void {
  current = base;
}

/** Runs `fn` with `interp` as the current interpreter, restoring the previous one afterwards. */
export function within<T>(interp: Interpreter, fn: () => T): T {
  const prev = current;
  current = interp;
  try {
    return fn();
  } finally {
    current = prev;
  }
}

/** Applies a primitive in the current interpreter. */
export function bind<P>(prim: Primitive<P>, args: readonly Tensor[], params: P): Tensor[] {
  return current!.apply(prim, args, params);
}

/** Applies a single-output primitive in the current interpreter. */
export function bind1<P>(prim: Primitive<P>, args: readonly Tensor[], params: P): Tensor {
  return current!.apply(prim, args, params)[0]!;
}

/** The error for a tracer used after its transform returned. */
export function escapedTracerError(t: Tensor, prim: AnyPrimitive): TransformError {
  return new TransformError(
    `${prim.name}: got a tracer of a ${t._owner!.name} transform that has already returned ` +
      `(a tracer escaped, e.g. stored in an outer variable or returned inside a closure). ` +
      `Transform outputs must be returned as tensors, not captured.`,
  );
}
