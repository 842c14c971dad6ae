import { currentInterpreter, within, type Interpreter } from "../primitives/bind.js";
import type { Primitive } from "../primitives/primitive.js";
import { tensorsCreated, type Tensor } from "../tensor/tensor.js";
import type { Variable } from "../trace/equation.js";
import { Program } from "../trace/program.js";
import { defaultInputNames } from "../trace/trace.js";
import { TraceInterpreter } from "../trace/trace-interpreter.js";
import { callWith, flattenValues, unflattenValues, type AnyFunction } from "../transforms/tree-values.js";
import type { FlatFunction } from "../transforms/call-primitive.js";
import { checkpointP } from "../transforms/checkpoint.js";
import { customJvpP } from "../transforms/custom-jvp.js";
import { customVjpP } from "../transforms/custom-vjp.js";

/**
 * Call primitives whose evaluation is running their function (`impl` is `evaluateFlat(fn, args)`):
 * at the level of the trace their derivative rules have done their work, so `compile` records the
 * function's own primitives instead of one opaque call, and they fuse and fold like the rest.
 * NOTE: bits unchanged: the call's `impl` runs the same primitives one by one.
 */
const INLINED: ReadonlySet<Primitive<never>> = new Set<Primitive<never>>([
  customJvpP as Primitive<never>,
  customVjpP as Primitive<never>,
  checkpointP as Primitive<never>,
]);

/** A traced program whose inputs are the arguments' leaves, then the captured tensors (in `captured` order). */
export interface CapturingTrace {
  readonly program: Program;
  /** The tensors `f` closes over that existed before the trace: read when the code runs, never baked in. */
  readonly captured: readonly Tensor[];
}

/**
 * Sits above a `TraceInterpreter` while `compile` traces `f`: every concrete tensor that existed
 * before the trace began (a parameter, a buffer, any tensor `f` closes over) is replaced by a
 * tracer of the trace, once per tensor, so the program reads it as an input and every operation on
 * it is recorded. Tensors made during the trace (numbers, `tensor(...)` inside `f`, a transform's
 * seeds) stay constants. Call primitives of `INLINED` are recorded as the primitives they run.
 */
class CaptureInterpreter implements Interpreter {
  readonly name = "compile";
  active = true;
  readonly captured: Tensor[] = [];
  readonly tracers: Tensor[] = [];
  private readonly seen = new Map<Tensor, Tensor>();

  constructor(
    readonly parent: TraceInterpreter,
    /** `tensorsCreated()` when the trace began. */
    private readonly before: number,
    /** True for the error the trace throws when traced code reads a value. */
    private readonly isReadError: (e: unknown) => boolean,
  ) {}

  apply<P>(prim: Primitive<P>, args: readonly Tensor[], params: P): Tensor[] {
    if (INLINED.has(prim as Primitive<never>)) {
      const fn = (params as { readonly fn: FlatFunction }).fn;
      try {
        return within(this, () => fn.call(args));
      } catch (e) {
        // NOTE: a function that reads its values (control flow) stays one call, evaluated at every
        // call as before; what the attempt recorded is unused and dead-code elimination drops it.
        if (!this.isReadError(e)) throw e;
      }
    }
    let mapped: Tensor[] | null = null;
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a._owner !== null || a._serial >= this.before) continue;
      mapped ??= args.slice();
      mapped[i] = this.capture(a);
    }
    return this.parent.apply(prim, mapped ?? args, params);
  }

  private capture(t: Tensor): Tensor {
    let tracer = this.seen.get(t);
    if (tracer === undefined) {
      tracer = this.parent.input(t, `c${this.captured.length + 1}`);
      this.seen.set(t, tracer);
      this.captured.push(t);
      this.tracers.push(tracer);
    }
    return tracer;
  }
}

/**
 * Records `f` at `args` as `traceProgram` does, with the tensors `f` closes over lifted to extra
 * inputs (named c1, c2, …) after the arguments' leaves.
 *
 * @example
 * const w = tensor([1, 2]);
 * traceCapturing((x: Tensor) => mul(x, w), [tensor([3, 4])]).captured; // [w]
 */
export function traceCapturing(f: AnyFunction, args: readonly unknown[], valueReadError: (op: string) => Error): CapturingTrace {
  const [leaves, inDef] = flattenValues(args, "compile arguments");
  const names = defaultInputNames(leaves.length);
  const readErrors = new WeakSet<Error>();
  const readError = (op: string): Error => {
    const e = valueReadError(op);
    readErrors.add(e);
    return e;
  };
  const interp = new TraceInterpreter(currentInterpreter(), readError);
  const tracers = leaves.map((l, i) => interp.input(l, names[i]!));
  const capture = new CaptureInterpreter(interp, tensorsCreated(), (e) => e instanceof Error && readErrors.has(e));
  let out: unknown;
  try {
    out = within(capture, () => callWith(f, unflattenValues(inDef, tracers) as unknown[]));
  } finally {
    capture.active = false;
    interp.active = false;
  }
  const [outLeaves, outDef] = flattenValues(out, "compile output");
  const inputs = [...tracers, ...capture.tracers].map((t) => interp.atomOf(t)) as Variable[];
  const program = Program.numbered(inputs, interp.equations, outLeaves.map((l) => interp.atomOf(l)), inDef, outDef, "levels");
  return { program, captured: capture.captured };
}
