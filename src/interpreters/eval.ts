import { TransformError } from "../core/errors.js";
import { escapedTracerError, type Interpreter } from "../primitives/bind.js";
import type { Primitive } from "../primitives/primitive.js";
import type { Tensor } from "../tensor/tensor.js";

/**
 * The bottom of the interpreter stack: checks shapes and runs kernels on concrete tensors.
 * Any tracer that reaches it escaped from a transform that has returned.
 */
export const evalInterpreter: Interpreter = {
  name: "eval",
  active: true,
  parent: null,
  apply<P>(prim: Primitive<P>, args: readonly Tensor[], params: P): Tensor[] {
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a._buf === null) {
        if (a._owner !== null && !a._owner.active) throw escapedTracerError(a, prim);
        throw new TransformError(`${prim.name}: internal error: a live ${a._owner?.name} tracer reached evaluation`);
      }
    }
    return prim.impl(args, params, prim.shape(args, params));
  },
};

/**
 * Whether `interp` is the bottom of the stack: evaluation, or the eager recorder just above it (which
 * records only for inputs with `requiresGrad` while grad mode is on).
 */
export function evaluatesPlainly(interp: Interpreter): boolean {
  return interp === evalInterpreter || (interp.parent === evalInterpreter && interp.name === "eager");
}
