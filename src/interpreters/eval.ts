import { TransformError } from "../core/errors.js";
import { escapedTracerError, type Interpreter } from "../primitives/bind.js";
import type { Primitive } from "../primitives/primitive.js";
import { shapesEqual } from "../core/shape.js";
import { scalarFastPath } from "../primitives/rule-helpers.js";
import type { ScalarRule } from "../primitives/scalar-rule.js";
import { scalarTensor, scalarValue, type Tensor } from "../tensor/tensor.js";

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
  // NOTE: the same value as the primitive's impl through its scalar fast path (binaryImpl,
  // elementwiseUnary); a tracer has no value here, so it declines and `apply` reports it.
  applyScalar(rule: ScalarRule, a: Tensor, b: Tensor | null): Tensor | null {
    const va = scalarValue(a);
    if (va === undefined || !scalarFastPath()) return null;
    const shape = a.shape;
    if (b === null) return scalarTensor(rule.value(va, 0), shape, "float64");
    const bs = b.shape;
    if (bs !== shape && (bs.length !== 0 || shape.length !== 0) && !shapesEqual(bs, shape)) return null;
    const vb = scalarValue(b);
    return vb === undefined ? null : scalarTensor(rule.value(va, vb), shape, "float64");
  },
};

/**
 * Whether `interp` is the bottom of the stack: evaluation, or the eager recorder just above it (which
 * records only for inputs with `requiresGrad` while grad mode is on).
 */
export function evaluatesPlainly(interp: Interpreter): boolean {
  return interp === evalInterpreter || (interp.parent === evalInterpreter && interp.name === "eager");
}
