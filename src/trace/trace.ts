import { argumentError, checkFunction, checkOptions } from "../core/validate.js";
import { TransformError } from "../core/errors.js";
import { currentInterpreter, within } from "../primitives/bind.js";
import { trace as matrixTrace } from "../ops/matmul-ops.js";
import type { TensorLike } from "../ops/tensor-like.js";
import type { Tensor } from "../tensor/tensor.js";
import { callWith, flattenValues, unflattenValues, type AnyFunction, type Loosen } from "../transforms/tree-values.js";
import type { Variable } from "./equation.js";
import { Program } from "./program.js";
import type { ProgramOrder } from "./schedule.js";
import { TraceInterpreter } from "./trace-interpreter.js";

/** Options of `traceProgram`. */
export interface TraceOptions {
  /** Names of the inputs, one per flattened argument (default x1 … xn, or x for one). */
  names?: readonly string[];
  /** Numbering of the equations (default `"levels"`: by dependency level, as textbook tables number them). */
  order?: ProgramOrder;
  /**
   * When given, `f` may not read traced values (`item()`, `data()`, `toString()`, ...): the error
   * returned for the read is thrown, so no branch on a value is silently recorded (`compile` uses it).
   */
  valueReadError?: (op: string) => Error;
}

/** The default input names: x for one input, else x1 … xn. */
export function defaultInputNames(n: number): string[] {
  return n === 1 ? ["x"] : Array.from({ length: n }, (_, i) => `x${i + 1}`);
}

/**
 * Records the evaluation trace of `f` at `args` (a list of argument trees) as a `Program`.
 *
 * @example
 * traceProgram((x: Tensor) => exp(x), [1], { names: ["t"] }).toString(); // v0 = t = 1 …
 *
 * NOTE: `fn` is the public function named in errors (`trace`, `forwardTable`… pass their own name).
 */
export function traceProgram(f: AnyFunction, args: readonly unknown[], options: TraceOptions = {}, fn = "traceProgram"): Program {
  checkFunction(f, fn, "f");
  const opts = checkOptions<TraceOptions>(options, fn);
  if (!Array.isArray(args)) throw argumentError(fn, "args", "an array of f's arguments", args);
  const [leaves, inDef] = flattenValues(args, `${fn} arguments`);
  const names = opts.names ?? defaultInputNames(leaves.length);
  if (names.length !== leaves.length)
    throw new TransformError(`${fn}: got ${names.length} input name(s) (${names.join(", ")}) for ${leaves.length} input value(s)`);
  const interp = new TraceInterpreter(currentInterpreter(), opts.valueReadError);
  const tracers = leaves.map((l, i) => interp.input(l, names[i]!));
  let out: unknown;
  try {
    out = within(interp, () => callWith(f, unflattenValues(inDef, tracers) as unknown[]));
  } finally {
    interp.active = false;
  }
  const [outLeaves, outDef] = flattenValues(out, `${fn} output`);
  const inputs = tracers.map((t) => interp.atomOf(t)) as Variable[];
  return Program.numbered(inputs, interp.equations, outLeaves.map((l) => interp.atomOf(l)), inDef, outDef, opts.order ?? "levels");
}

/**
 * `trace(f, ...args)` records the evaluation trace (Wengert list) of `f` at `args` as a `Program`;
 * `trace(x)` of a matrix is the sum of its diagonal (the linear-algebra op of the same name).
 *
 * @example
 * const p = trace((x1: Tensor, x2: Tensor) => sub(add(log(x1), mul(x1, x2)), sin(x2)), 2, 5);
 * p.toString(); // v−1 = x1 = 2, v0 = x2 = 5, v1 = ln v−1 = 0.693, …, y = v5 = 11.652
 * trace(tensor([[1, 2], [3, 4]])); // 5
 */
export function trace<F extends AnyFunction>(f: F, ...args: Loosen<Parameters<F>>): Program;
export function trace(x: TensorLike, offset?: number, dim1?: number, dim2?: number): Tensor;
export function trace(first: AnyFunction | TensorLike, ...args: unknown[]): Program | Tensor {
  if (typeof first === "function") return traceProgram(first, args, {}, "trace");
  if (args.length > 3) throw new TransformError(`trace: the matrix trace takes at most four arguments (x, offset, dim1, dim2), got ${args.length + 1}; to trace a function pass the function first`);
  return matrixTrace(first, ...(args as [number?, number?, number?]));
}
