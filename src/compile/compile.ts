/**
 * `compile(f)`: from a traced Wengert list to straight-line JavaScript.
 *
 * The operator-overloading front end (tracers, `bind`) costs a few hundred nanoseconds per
 * primitive, which dominates scalar code; `compile` removes it by source transformation. On the
 * first call per argument signature (tree structure, shapes and dtypes) it records `f` with
 * `traceProgram` — transforms inside `f` (`grad`, `valueAndGrad`, `jvp`, ...) run during tracing,
 * so their forward and backward primitives land in the one program — then optimises the program
 * (constant folding, common subexpressions, dead code: `optimizeProgram`) and generates one
 * JavaScript function (`generateSource`): one-element values become JS number locals, elementwise
 * chains over equal element counts become one loop over typed arrays (broadcast operands that are
 * one run of axes, such as a bias row or a keepdims column, are read in place), and every other
 * primitive is a call of its kernel with the shapes and params fixed at trace time. Sums over every
 * element of a loop's value accumulate inside the loop, scalar work is scheduled after the loops it
 * does not feed (so a gradient's forward and backward over a plate share one loop), customJvp /
 * customVjp / checkpoint calls are recorded as the primitives they run, and loop arrays that only
 * generated code reads are allocated once per compiled function. Later calls with the same
 * signature run only that function; a new signature traces again.
 *
 * NOTE: results are bit-identical to running `f` uncompiled. float32 elementwise results are
 * rounded per primitive with Math.fround, as each of the interpreter's Float32Array results is.
 * Kernels (matmul, reductions, ...) are the backend's own. On the wasm backend, fused loops over
 * arrays from its size threshold up (2,048 elements) are WebAssembly SIMD kernels generated at
 * compile time (src/compile/wasm/) with the backend kernels' semantics, with one exception: their
 * float32 exp and tanh are computed in float32, within 1 ulp of Math.fround(Math.exp(x)) (0.41% of
 * inputs differ in the last bit; tanh 0.17%; see vector-math.ts), where the backend's go through
 * float64 (correctly rounded but for ~1e-14 of a boundary) and are 2–3× slower.
 *
 * NOTE: control flow is frozen, as in every tracing JIT: reading a traced value (`x.item()`,
 * `x.data()`, `Number(x)`, `x < y`) throws while tracing instead of baking in a branch; select with
 * `where`.
 *
 * NOTE: one rule for the tensors `f` closes over, the one users of a module expect (torch.compile's
 * too): every tensor that existed before the trace began — parameters, buffers, any tensor the
 * caller holds — is read when the compiled code runs, so optimizer steps and `assign` are seen, and
 * the operations on it are recorded rather than evaluated at trace time (it becomes an extra input
 * of the program, c1, c2, …). Only tensors made while tracing (numbers, `tensor(...)` inside `f`, a
 * transform's seeds) are constants, which constant folding may fold. Shapes and dtypes are fixed.
 * While eager recording is on (outside `noGrad`) and one of them requires grad, `f` runs as it is,
 * so that `backward()` reaches the parameters; call a compiled forward inside `noGrad` to run it compiled.
 *
 * NOTE: arguments are specialised by shape and dtype, never by value; JS numbers among them are
 * float64 scalars (as for every transform), read as numbers by the generated code.
 *
 * NOTE: the code is made with `new Function`. Pages whose Content Security Policy forbids
 * `'unsafe-eval'` make that throw (an EvalError); `compile` then evaluates the optimised program
 * with the interpreter instead (same results, no speed-up).
 */
import type { Program } from "../trace/program.js";
import { Literal, type Atom } from "../trace/equation.js";
import { callWith, type AnyFunction, type Loosen, type TensorTree } from "../transforms/tree-values.js";
import { argumentError, checkBoolean, checkFunction, checkInteger, checkOptions } from "../core/validate.js";
import { ShapeError } from "../core/errors.js";
import { showShape } from "../core/shape.js";
import { mapTree } from "../core/tree.js";
import { gradMode } from "../interpreters/grad-mode.js";
import { Tensor } from "../tensor/tensor.js";
import { traceCapturing } from "./capture-trace.js";
import { compiledRuntime } from "./compiled-runtime.js";
import { functionFactory } from "./function-factory.js";
import { generateSource } from "./generate-source.js";
import { LruCache } from "./lru-cache.js";
import { optimizeProgram } from "./optimize-program.js";
import { matchesSignature, signatureOf, type Signature } from "./signature.js";
import { valueReadError } from "./value-read-error.js";

/** What `compile` made for one argument signature (passed to `CompileOptions.onCompile`). */
export interface CompiledSignature {
  /** The program as traced. */
  readonly traced: Program;
  /** The optimised program the code computes. */
  readonly program: Program;
  /** The generated JavaScript, or null where `new Function` is unavailable and the program is interpreted. */
  readonly source: string | null;
}

/** Options of `compile`. */
export interface CompileOptions {
  /** Called after each trace (once per new argument signature), e.g. to print the generated code. */
  onCompile?: (compiled: CompiledSignature) => void;
  /**
   * How many argument signatures keep their compiled code (default 64): beyond it the least
   * recently used one is dropped, and traced again if it comes back.
   */
  maxSignatures?: number;
  /**
   * Let every call return the same result tensors, overwritten by the next call (default false), as
   * `torch.compile(mode="reduce-overhead")` does with its outputs: no allocation per call for
   * results the code computes itself. For callers that read the results before calling again
   * (a sampler's log-density gradient); copy a result to keep it.
   */
  reuseOutputs?: boolean;
  /**
   * `"numbers"`: return every output as a JS number instead of a one-element tensor (default
   * `"tensors"`), so that scalar code (a compiled scalar value and gradient) allocates no tensor per
   * call. Every output must then have one element, else a ShapeError at the first call.
   *
   * NOTE: chosen here (PyTorch and JAX have no such option): `returns: "numbers"` gives what
   * `item()` of each output would, also where `f` runs uncompiled (arguments with `requiresGrad`,
   * eager recording of captured parameters); under an enclosing transform (tracer arguments) the
   * outputs stay tensors, since a traced value has no number yet.
   */
  returns?: "tensors" | "numbers";
}

/** The default of `CompileOptions.maxSignatures`. */
export const DEFAULT_MAX_SIGNATURES = 64;

/** A compiled function: `f`'s arguments (numbers allowed where tensors are, as float64 scalars) and results. */
export type Compiled<F extends AnyFunction> = (...args: Loosen<Parameters<F>>) => TensorTree<ReturnType<F>>;

/** `f`'s output tree with every tensor as a number (what `compile(f, { returns: "numbers" })` returns). */
export type NumberTree<T> = T extends Tensor | number
  ? number
  : T extends readonly unknown[]
    ? { -readonly [K in keyof T]: NumberTree<T[K]> }
    : T extends object
      ? { -readonly [K in keyof T]: NumberTree<T[K]> }
      : T;

/** A function compiled with `returns: "numbers"`: `f`'s arguments, its one-element results as numbers. */
export type CompiledNumbers<F extends AnyFunction> = (...args: Loosen<Parameters<F>>) => NumberTree<ReturnType<F>>;

/** Generated code taking its arguments positionally: their count, then up to `MAX_POSITIONAL_ARGUMENTS` of them. */
type Positional = (n: number, a0: unknown, a1: unknown, a2: unknown, a3: unknown) => unknown;

interface Entry {
  readonly signature: Signature;
  readonly run: (args: readonly unknown[]) => unknown;
  /** `run` without an argument array, where the code takes its arguments positionally; else null. */
  readonly fast: Positional | null;
  /** The tensors `f` closes over, read by `run`. */
  readonly captured: readonly Tensor[];
}

/**
 * Compiles `f` (tensors, numbers and trees of them in and out) to straight-line JavaScript,
 * traced on the first call per argument signature; returns a function with `f`'s signature.
 * Under a transform (tracer arguments) or for arguments with `requiresGrad`, `f` runs as it is.
 * Tensors `f` closes over (a model's parameters) are read at each call, never baked in; while
 * eager recording is on and one of them requires grad, `f` runs as it is (so `backward()` works).
 *
 * @example
 * const f = (x1: Tensor, x2: Tensor) => sub(add(log(x1), mul(x1, x2)), sin(x2));
 * const vg = compile(valueAndGrad(f, { argnums: [0, 1] }));
 * vg(2, 5); // [11.652, [5.5, 1.716]], about 300× faster than valueAndGrad(f) after the first call
 * const g = compile((x: Tensor) => add(exp(x), mul(x, x))); // one fused loop
 */
export function compile<F extends AnyFunction>(f: F, options: CompileOptions & { returns: "numbers" }): CompiledNumbers<F>;
export function compile<F extends AnyFunction>(f: F, options?: CompileOptions & { returns?: "tensors" }): Compiled<F>;
export function compile<F extends AnyFunction>(f: F, options?: CompileOptions): Compiled<F> | CompiledNumbers<F>;
export function compile<F extends AnyFunction>(f: F, options: CompileOptions = {}): Compiled<F> | CompiledNumbers<F> {
  checkFunction(f, "compile", "f");
  const opts = checkOptions<CompileOptions>(options, "compile");
  if (opts.onCompile !== undefined) checkFunction(opts.onCompile, "compile", "options.onCompile");
  const reuseOutputs = opts.reuseOutputs === undefined ? false : checkBoolean(opts.reuseOutputs, "compile", "options.reuseOutputs");
  if (opts.returns !== undefined && opts.returns !== "tensors" && opts.returns !== "numbers")
    throw argumentError("compile", "options.returns", '"tensors" or "numbers"', opts.returns);
  const numbers = opts.returns === "numbers";
  const capacity = opts.maxSignatures === undefined ? DEFAULT_MAX_SIGNATURES : checkInteger(opts.maxSignatures, "compile", "options.maxSignatures", 1);
  // NOTE: a bounded cache (LRU): code for a stream of ever-new shapes cannot grow without limit.
  const cache = new LruCache<string, Entry>(capacity);
  // NOTE: the last signature's entry is a field of an object, not a local, so that the per-call
  // wrapper can be generated code (see `perCallWrapper`).
  const state: CallState = {
    last: null,
    recordsGradients,
    call: (...args: unknown[]): unknown => {
      const entry = state.last;
      if (entry !== null && !recordsGradients(entry.captured)) {
        const out = entry.run(args);
        if (out !== compiledRuntime.MISMATCH) return out;
      }
      return slowCall(args);
    },
  };
  // NOTE: a comment naming this compiled function makes its generated sources unique: V8 caches
  // `new Function` by source text, and code shared by two compiled functions shares its call feedback.
  const id = `// compiled function ${++compiledFunctions}\n`;

  const build = (signature: Signature, args: readonly unknown[]): Entry | null => {
    const { program: traced, captured } = traceCapturing(f, args, valueReadError);
    if (closesOverTracers(traced)) return null;
    const program = optimizeProgram(traced);
    if (numbers) checkOneElementOutputs(program);
    let source: string | null = null;
    let run: (args: readonly unknown[]) => unknown;
    let fast: Positional | null = null;
    try {
      const generated = generateSource(program, signature.leaves, captured, reuseOutputs, numbers);
      const made = functionFactory.make(["rt", "K"], id + generated.source)(compiledRuntime, generated.constants);
      if (generated.positional) {
        const positional = (fast = made as Positional);
        run = (args) => positional(args.length, args[0], args[1], args[2], args[3]);
      } else run = made as (args: readonly unknown[]) => unknown;
      source = generated.source;
    } catch (e) {
      if (!(e instanceof EvalError)) throw e;
      const evaluate = (args: readonly unknown[]): unknown => {
        const out = program.evaluate(...args, ...captured);
        return numbers ? toNumbers(out) : out;
      };
      run = (args) => (matchesSignature(signature, args) ? evaluate(args) : compiledRuntime.MISMATCH);
    }
    opts.onCompile?.({ traced, program, source });
    return { signature, run, fast, captured };
  };

  // `f` itself, where the compiled code cannot run (its outputs as numbers when asked, but for tracers).
  const uncompiled = (args: unknown[]): unknown => {
    const out = callWith(f, args);
    return numbers ? toNumbers(out) : out;
  };

  const slowCall = (args: unknown[]): unknown => {
    const [signature, concrete] = signatureOf(args);
    if (!concrete) return uncompiled(args);
    let entry = cache.get(signature.key);
    if (entry === undefined) {
      const built = build(signature, args);
      if (built === null) return uncompiled(args);
      cache.set(signature.key, (entry = built));
    }
    state.last = entry;
    if (recordsGradients(entry.captured)) return uncompiled(args);
    const out = entry.run(args);
    return out === compiledRuntime.MISMATCH ? uncompiled(args) : out;
  };

  return perCallWrapper(state, id) as unknown as Compiled<F>;
}

/** What the per-call wrapper of a compiled function reads. */
interface CallState {
  /** The entry of the signature used last, tried first. */
  last: Entry | null;
  /** Any call: `last` (taking an argument array), else the signature looked up or traced. */
  readonly call: (...args: unknown[]) => unknown;
  readonly recordsGradients: (captured: readonly Tensor[]) => boolean;
}

/** How many compiled functions were made (names them in their generated sources). */
let compiledFunctions = 0;

/**
 * The source of the per-call wrapper (parameters `s`, a `CallState`, and `M`, the mismatch
 * marker): where the last signature's code takes its arguments positionally, it runs on the
 * argument count and the four parameters; every other call goes to `s.call`. NOTE: `arguments` is
 * read only as `arguments.length` and forwarded by `apply`, which V8 does without materialising it:
 * no argument array per call.
 */
const WRAPPER_SOURCE = `"use strict";
return function compiled(a0, a1, a2, a3) {
  const e = s.last;
  if (e !== null && e.fast !== null && !s.recordsGradients(e.captured)) {
    const out = e.fast(arguments.length, a0, a1, a2, a3);
    if (out !== M) return out;
  }
  return s.call.apply(undefined, arguments);
};`;

/**
 * The function `compile` returns, made from `WRAPPER_SOURCE` once per compiled function.
 *
 * NOTE: generated code rather than a closure, so that each compiled function has code (and V8 call
 * feedback) of its own: its call of the generated code stays monomorphic, the engine can inline
 * that code into the wrapper and the wrapper into the caller, and a result tree the caller only
 * destructures is then never allocated. A closure's code would be shared by every compiled
 * function in the program. Without `new Function` (CSP), the same logic as a closure.
 */
function perCallWrapper(state: CallState, id: string): (...args: unknown[]) => unknown {
  try {
    return functionFactory.make(["s", "M"], id + WRAPPER_SOURCE)(state, compiledRuntime.MISMATCH) as (...args: unknown[]) => unknown;
  } catch (e) {
    if (!(e instanceof EvalError)) throw e;
  }
  return state.call;
}

/** With `returns: "numbers"`: every output must have one element (checked once per signature). */
function checkOneElementOutputs(p: Program): void {
  p.outputs.forEach((a, i) => {
    const shape = a.value.shape;
    if (shape.reduce((x, y) => x * y, 1) !== 1)
      throw new ShapeError(
        `compile: with options.returns "numbers" every output must have one element, got output ${i} of shape ${showShape(shape)} ` +
          `(reduce it, or compile without returns: "numbers")`,
      );
  });
}

/**
 * `f`'s output tree with each one-element concrete tensor as its number (`item()`); tracers (under
 * an enclosing transform) stay; a larger output raises as at compile time.
 */
function toNumbers(out: unknown): unknown {
  let i = 0;
  return mapTree(
    out,
    (t) => {
      const k = i++;
      if (!(t instanceof Tensor) || t._owner !== null) return t;
      if (t.size !== 1)
        throw new ShapeError(`compile: with options.returns "numbers" every output must have one element, got output ${k} of shape ${showShape(t.shape)}`);
      return t.item();
    },
    "compile output",
  );
}

/**
 * True when eager recording is on and a captured tensor requires grad: the call must run `f` as it
 * is, so that `backward()` reaches the parameters (the compiled code records nothing).
 */
function recordsGradients(captured: readonly Tensor[]): boolean {
  if (captured.length === 0 || !gradMode.enabled) return false;
  for (const t of captured) if (t.requiresGrad) return true;
  return false;
}

/**
 * True when a constant of the program is a tracer of an enclosing transform (`f` closes over a
 * value being differentiated): such a program cannot outlive that transform, so `f` runs uncompiled.
 */
function closesOverTracers(p: Program): boolean {
  const tracerConstant = (a: Atom): boolean => a instanceof Literal && a.value._data === null;
  return p.outputs.some(tracerConstant) || p.equations.some((eq) => eq.inputs.some(tracerConstant));
}
