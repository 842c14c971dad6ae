/**
 * Interpreters and `bind`: how one set of primitive rules gives every mode of differentiation.
 *
 * Glossary. A *primal* is an ordinary value; a *tangent* a forward-mode perturbation (the input of
 * a JVP); a *cotangent* a reverse-mode sensitivity (the input of a VJP, PyTorch's `grad`); a
 * *residual* a value saved for the reverse pass. A *primitive* is an op with rules; a *composite*
 * op is built from primitives and has no rules of its own. An *interpreter* gives primitives a
 * meaning (evaluate, differentiate forward, record for reverse, trace); a *tracer* is a tensor
 * owned by one interpreter; a *trace* or *Wengert list* is a recorded `Program`. `null` stands for
 * a symbolic zero tangent or cotangent.
 *
 * Dispatch is by context, not by data: interpreters form a stack (each transform call pushes a
 * fresh one whose `parent` is the previous top) and `bind` hands every primitive application to the
 * top. An interpreter unpacks the tracers it owns, treats everything else as a constant, and runs
 * the primitive's rule *in its parent* — so the operations a rule performs are seen, and
 * differentiated, by the outer transforms. That is the whole of nesting: `grad(grad(f))`,
 * `jacfwd(jacrev(f))` and `jvp` of `grad` need no special cases, and because each call gets its own
 * interpreter (an identity, not a level number) two nested derivatives never confuse their
 * perturbations (D(x ↦ x·D(y ↦ x + y)(1))(1) = 1). When no argument carries anything for the top
 * interpreter, it forwards the primitive to its parent untouched, so idle levels cost one call.
 *
 * The bottom of the stack is evaluation (run the kernel) with the eager recorder above it; a tracer
 * that reaches evaluation belongs to a transform that has returned, and is reported as escaped.
 */
import { TransformError } from "../core/errors.js";
import type { Tensor, TracerOwner } from "../tensor/tensor.js";
import type { AnyPrimitive, Primitive } from "./primitive.js";
import type { ScalarRule } from "./scalar-rule.js";

/** An interpreter: applies primitives to tensors, handling its own tracers and delegating the rest to `parent`. */
export interface Interpreter extends TracerOwner {
  readonly parent: Interpreter | null;
  /** Applies `prim` to `args` (tensors of any owner) at this level. */
  apply<P>(prim: Primitive<P>, args: readonly Tensor[], params: P): Tensor[];
  /**
   * The scalar entry (optional): `rule.prim` applied, without params, to `a` (and `b`; null for a
   * unary primitive), both float64 tensors of any owner and shape. Returns exactly what
   * `apply(rule.prim, b === null ? [a] : [a, b], noParams)[0]` would (same bits, same recording),
   * or null having changed nothing, and `bindScalar` then calls `apply`. An interpreter without it
   * always takes `apply`.
   */
  applyScalar?(rule: ScalarRule, a: Tensor, b: Tensor | null): Tensor | null;
}

let current: Interpreter | null = null;

/**
 * The params of a primitive that takes none: one shared, frozen object, so that applying such a
 * primitive allocates no params object per call.
 */
export const noParams: Readonly<Record<string, never>> = Object.freeze({});

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

/**
 * @internal Makes `interp` the current interpreter and returns the previous one, which the caller
 * restores with another `swapInterpreter` in a `finally`: `within` without a closure per call.
 */
export function swapInterpreter(interp: Interpreter | null): Interpreter | null {
  const prev = current;
  current = interp;
  return prev;
}

/** Applies a primitive in the current interpreter. */
export function bind<P>(prim: Primitive<P>, args: readonly Tensor[], params: P): Tensor[] {
  return current!.apply(prim, args, params);
}

/** Applies a single-output primitive in the current interpreter. */
export function bind1<P>(prim: Primitive<P>, args: readonly Tensor[], params: P): Tensor {
  return current!.apply(prim, args, params)[0]!;
}

/**
 * Applies a scalar rule's primitive in the current interpreter through its scalar entry (no argument
 * arrays), or through `apply` when it has none or declines. The caller guarantees that `a` and `b`
 * are float64 tensors, i.e. that the general op would bind `rule.prim` to exactly these operands.
 */
export function bindScalar(rule: ScalarRule, a: Tensor, b: Tensor | null): Tensor {
  const c = current!;
  if (c.applyScalar !== undefined) {
    const t = c.applyScalar(rule, a, b);
    if (t !== null) return t;
  }
  return c.apply(rule.prim, b === null ? [a] : [a, b], noParams)[0]!;
}

/** The error for a tracer used after its transform returned. */
export function escapedTracerError(t: Tensor, prim: AnyPrimitive): TransformError {
  return new TransformError(
    `${prim.name}: got a tracer of a ${t._owner!.name} transform that has already returned ` +
      `(a tracer escaped, e.g. stored in an outer variable or returned inside a closure). ` +
      `Transform outputs must be returned as tensors, not captured.`,
  );
}
