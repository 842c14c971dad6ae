import { isFloat } from "../core/dtype.js";
import { DTypeError, TransformError } from "../core/errors.js";
import { showShape } from "../core/shape.js";
import { evaluatesPlainly } from "../interpreters/eval.js";
import { VjpInterpreter } from "../interpreters/vjp.js";
import { currentInterpreter, swapInterpreter } from "../primitives/bind.js";
import { scalarFastPath } from "../primitives/rule-helpers.js";
import { scalar, zerosLike } from "../tensor/creation.js";
import { scalarTensor, Tensor } from "../tensor/tensor.js";
import { finishRecord, pullbackFlat, recordFlat } from "./vjp.js";
import { mapTree, type TreeDef } from "../core/tree.js";
import { checkBoolean, checkFunction } from "../core/validate.js";
import { checkArgnums, checkTransformOptions, normalizeArgnums, toSlots, type Argnums } from "./argnums.js";
import { callWith, flattenValues, numbersToScalars, unflattenValues, type AnyFunction, type Loosen } from "./tree-values.js";
import type { ArgnumsOf, AuxFunction, AuxOf, CheckArgnums, ScalarFunction, SelectedGrads, UntypedReturn } from "./types.js";

/** Options of `grad` and `valueAndGrad`. */
export interface GradOptions {
  /** Which argument(s) to differentiate (default 0; negative counts from the end); an array gives an array of gradients. */
  argnums?: number | readonly number[];
  /** `f` returns `[value, aux]`; aux is passed through undifferentiated. */
  hasAux?: boolean;
}

/** Whether options `O` ask for aux: "aux", "plain", or "either" (a non-literal boolean `hasAux`). */
type AuxMode<O> = "hasAux" extends keyof O
  ? O extends { hasAux: true }
    ? "aux"
    : O extends { hasAux?: false }
      ? "plain"
      : "either"
  : "plain";

/**
 * What `grad(f, opts)` returns when called: the gradients `opts.argnums` selects (with aux for
 * `hasAux`; either form when `hasAux` is a non-literal boolean).
 */
export type GradResult<F extends AnyFunction, O> = {
  aux: [SelectedGrads<Parameters<F>, ArgnumsOf<O>>, AuxOf<ReturnType<F>>];
  plain: SelectedGrads<Parameters<F>, ArgnumsOf<O>>;
  either: SelectedGrads<Parameters<F>, ArgnumsOf<O>> | [SelectedGrads<Parameters<F>, ArgnumsOf<O>>, AuxOf<ReturnType<F>>];
}[AuxMode<O>];
/** What `valueAndGrad(f, opts)` returns when called. */
export type ValueAndGradResult<F extends AnyFunction, O> = {
  aux: [[Tensor, AuxOf<ReturnType<F>>], SelectedGrads<Parameters<F>, ArgnumsOf<O>>];
  plain: [Tensor, SelectedGrads<Parameters<F>, ArgnumsOf<O>>];
  either: [Tensor | [Tensor, AuxOf<ReturnType<F>>], SelectedGrads<Parameters<F>, ArgnumsOf<O>>];
}[AuxMode<O>];

/**
 * `unknown` when `O` is an options type as wide as `GradOptions` (a variable, not a literal), else
 * `never`. NOTE: such options are checked at run time and give the union of the possible results.
 */
type WideOptions<O> = GradOptions extends O ? unknown : never;

const gradOptionKeys = ["argnums", "hasAux"] as const;

function unwrapAux(aux: unknown, owner: unknown, where: string): unknown {
  return mapTree(aux, (a) => (a instanceof Tensor && a._owner === owner ? a._primal : a), `${where} aux`);
}

/**
 * @internal `argnums` normalised against an argument count. Computed on the first call and again
 * only when a call passes a different number of arguments (the per-call setup stays small).
 */
class ArgnumsFor {
  private nargs = -1;
  private normalized: Argnums | null = null;
  constructor(private readonly argnums: number | readonly number[] | undefined) {}

  /** Normalises for `nargs` arguments (throws when out of range). */
  for(nargs: number, where: string): Argnums {
    if (nargs !== this.nargs || this.normalized === null) {
      this.normalized = normalizeArgnums(this.argnums, nargs, where);
      this.nargs = nargs;
    }
    return this.normalized;
  }
}

/** @internal Checks `grad`/`valueAndGrad`'s arguments once, at creation. */
function checkGradArgs(f: unknown, opts: unknown, where: string): [AnyFunction, GradOptions, ArgnumsFor] {
  checkFunction(f, where, "f");
  const o = checkTransformOptions<GradOptions>(opts, where, gradOptionKeys);
  const hasAux = o.hasAux === undefined ? false : checkBoolean(o.hasAux, where, "options.hasAux");
  return [f as AnyFunction, { hasAux }, new ArgnumsFor(checkArgnums(o.argnums, where))];
}

function checkFloatLeaf(leaf: Tensor, k: number, i: number, n: number, where: string): void {
  if (!isFloat(leaf.dtype))
    throw new DTypeError(`${where}: argument ${k}${n > 1 ? ` (leaf ${i})` : ""} has dtype ${leaf.dtype}; only float inputs can be differentiated (cast it, or leave it out of argnums)`);
}

/** A differentiated argument rebuilt from `count` flat values starting at `at` (a null def is one tensor). */
function regroup(def: TreeDef | null, count: number, xs: readonly Tensor[], at: number): unknown {
  return def === null ? xs[at] : unflattenValues(def, xs.slice(at, at + count));
}

/** The aux of the last `valueAndGradImpl` call, taken at once by its caller (`takeAux`). */
let lastAux: unknown = undefined;

function takeAux(): unknown {
  const aux = lastAux;
  lastAux = undefined;
  return aux;
}

/**
 * Whether the lean path takes these arguments: every argument a tensor or a number (numbers become
 * float64 scalars in `args`, as the general path's), the differentiated ones float (else the general
 * path's error). NOTE: `args` is the call's own rest array, so it is rewritten in place.
 */
function plainArgs(args: unknown[], argnums: readonly number[], where: string): boolean {
  for (let i = 0; i < args.length; i++) {
    const x = args[i];
    if (!(x instanceof Tensor) && typeof x !== "number") return false;
  }
  for (let i = 0; i < args.length; i++) if (typeof args[i] === "number") args[i] = scalar(args[i] as number, "float64");
  for (let j = 0; j < argnums.length; j++) checkFloatLeaf(args[argnums[j]!] as Tensor, argnums[j]!, 0, 1, where);
  return true;
}

/**
 * @internal `valueAndGradImpl` for plain arguments (`plainArgs`) without aux: records `f` as the general
 * path does, without argument trees or closures; when `f` returned an op output of the compact scalar
 * tape (scalar-tape.ts), sweeps it seeded with the number 1 and builds the results once; otherwise
 * finishes as the general path does. Same values, bits and recording either way.
 */
function leanValueAndGrad(f: AnyFunction, a: Argnums, args: unknown[], where: string): [unknown, unknown] {
  const argnums = a.unique;
  const m = argnums.length;
  const interp = new VjpInterpreter(currentInterpreter(), where);
  // The input tracers; each holds its argument as its primal.
  const inputs = new Array<Tensor>(m);
  for (let j = 0; j < m; j++) {
    const k = argnums[j]!;
    const t = interp.leaf(args[k] as Tensor);
    inputs[j] = t;
    args[k] = t;
  }
  let out: unknown;
  const prev = swapInterpreter(interp);
  try {
    out = callWith(f, args);
  } finally {
    swapInterpreter(prev);
    interp.active = false;
  }
  const grads = new Array<unknown>(m);
  const tape = interp.liveTape();
  let value: Tensor;
  // NOTE: the conditions of the general path's tape sweep (reverse.ts `tapePullback`) for a scalar float64 row.
  if (
    tape !== null &&
    out instanceof Tensor &&
    out._node === tape &&
    out.size === 1 &&
    scalarFastPath() &&
    evaluatesPlainly(currentInterpreter()) &&
    tape.sweepLeavesFrom(out, 1, inputs, grads as (Tensor | undefined)[])
  ) {
    value = out._primal!;
    for (let j = 0; j < m; j++) grads[j] ??= zerosLike(inputs[j]!._primal!);
  } else {
    const primals = inputs.map((t) => t._primal!);
    const rec = finishRecord(interp, inputs, out, where);
    const valueLeaf = scalarOutput(rec.out, where);
    value = valueLeaf._owner === interp ? valueLeaf._primal! : valueLeaf;
    const cts = pullbackFlat(rec, [scalarTensor(1, value.shape, value.dtype)], primals, [valueLeaf], true);
    for (let j = 0; j < m; j++) grads[j] = cts[j];
  }
  return [value, a.many ? toSlots(a, grads) : grads[0]];
}

/** @internal Shared body of `grad` and `valueAndGrad`: [value, gradients]; the aux (hasAux) is left for `takeAux`. */
function valueAndGradImpl(f: AnyFunction, opts: GradOptions, argnumsFor: ArgnumsFor, args: unknown[], where: string): [unknown, unknown] {
  const a = argnumsFor.for(args.length, where);
  const argnums = a.unique;
  if (!opts.hasAux && plainArgs(args, argnums, where)) return leanValueAndGrad(f, a, args, where);
  const defs = new Array<TreeDef | null>(argnums.length);
  const counts = new Array<number>(argnums.length);
  const allLeaves: Tensor[] = [];
  for (let j = 0; j < argnums.length; j++) {
    const k = argnums[j]!;
    const arg = args[k];
    if (arg instanceof Tensor) {
      // A tensor argument is its own single leaf: no tree to flatten (def null).
      checkFloatLeaf(arg, k, 0, 1, where);
      defs[j] = null;
      counts[j] = 1;
      allLeaves.push(arg);
      continue;
    }
    const [leaves, def] = flattenValues(arg, `${where} argument ${k}`);
    for (let i = 0; i < leaves.length; i++) checkFloatLeaf(leaves[i]!, k, i, leaves.length, where);
    defs[j] = def;
    counts[j] = leaves.length;
    for (let i = 0; i < leaves.length; i++) allLeaves.push(leaves[i]!);
  }
  const call = (xs: Tensor[]): unknown => {
    const callArgs = new Array<unknown>(args.length);
    for (let i = 0; i < args.length; i++) {
      const arg = args[i];
      callArgs[i] = arg instanceof Tensor ? arg : numbersToScalars(arg, `${where} argument ${i}`);
    }
    for (let j = 0, at = 0; j < argnums.length; at += counts[j]!, j++) callArgs[argnums[j]!] = regroup(defs[j] ?? null, counts[j]!, xs, at);
    return callWith(f, callArgs);
  };
  const rec = recordFlat(call, allLeaves, where);
  let valueLeaf: Tensor;
  let aux: unknown = undefined;
  if (opts.hasAux) {
    if (!Array.isArray(rec.out) || rec.out.length !== 2)
      throw new TransformError(`${where}: with hasAux, f must return [value, aux], got ${describe(rec.out)}`);
    valueLeaf = scalarOutput(rec.out[0], where);
    aux = unwrapAux(rec.out[1], rec.interp, where);
  } else valueLeaf = scalarOutput(rec.out, where);
  const value = valueLeaf._owner === rec.interp ? valueLeaf._primal! : valueLeaf;
  // The seed 1 as a number-stored scalar (value is one float element: scalarOutput checked).
  const cts = pullbackFlat(rec, [scalarTensor(1, value.shape, value.dtype)], allLeaves, [valueLeaf], true);
  // NOTE: the aux goes to `lastAux` only after the pullback: user code run by it (a customVjp
  // backward, a checkpointed function) may call grad with hasAux and take the slot itself.
  lastAux = aux;
  if (!a.many) return [value, regroup(defs[0] ?? null, counts[0]!, cts, 0)];
  const grads = new Array<unknown>(argnums.length);
  for (let j = 0, at = 0; j < argnums.length; at += counts[j]!, j++) grads[j] = regroup(defs[j] ?? null, counts[j]!, cts, at);
  return [value, toSlots(a, grads)];
}

function scalarOutput(v: unknown, where: string): Tensor {
  if (typeof v === "number") return scalar(v, "float64");
  if (!(v instanceof Tensor)) throw new TransformError(`${where}: f must return a scalar tensor, got ${describe(v)}`);
  if (v.size !== 1)
    throw new TransformError(
      `${where}: f must return a scalar (one element), got shape ${showShape(v.shape)}. ` +
        `Reduce it first (e.g. sum or mean), or use jacrev/vjp for non-scalar outputs.`,
    );
  if (!isFloat(v.dtype)) throw new DTypeError(`${where}: f must return a float scalar, got dtype ${v.dtype}`);
  return v;
}

function describe(v: unknown): string {
  if (v instanceof Tensor) return `a tensor of shape ${showShape(v.shape)}`;
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  return typeof v;
}

/**
 * The gradient of a scalar function (reverse mode): `grad(f)(x)` is ∇f(x), with the structure of x.
 * `argnums` picks the argument(s): a number gives that argument's gradient, an array one per entry.
 *
 * @example
 * const f = (x1: Tensor, x2: Tensor) => add(sub(log(x1), sin(x2)), mul(x1, x2));
 * grad(f, { argnums: [0, 1] })(2, 5); // [5.5, 1.7163]
 */
export function grad<F extends AuxFunction, const O extends GradOptions & { hasAux: true }>(
  f: F,
  opts: O & CheckArgnums<Parameters<F>, O>,
): (...args: Loosen<Parameters<F>>) => GradResult<F, O>;
export function grad<F extends ScalarFunction, const O extends GradOptions & { hasAux?: false } = Record<never, never>>(
  f: F,
  opts?: O & CheckArgnums<Parameters<F>, O>,
): (...args: Loosen<Parameters<F>>) => GradResult<F, O>;
export function grad<F extends AnyFunction, const O extends GradOptions = Record<never, never>>(
  f: F & UntypedReturn<F>,
  opts?: O & CheckArgnums<Parameters<F>, O>,
): (...args: Loosen<Parameters<F>>) => GradResult<F, O>;
export function grad<F extends ScalarFunction | AuxFunction, O extends GradOptions>(
  f: F,
  opts: O & WideOptions<O>,
): (...args: Loosen<Parameters<F>>) => GradResult<F, O>;
export function grad(f: unknown, opts?: unknown): (...args: unknown[]) => unknown {
  const [fn, o, argnumsFor] = checkGradArgs(f, opts, "grad");
  return (...args) => {
    const g = valueAndGradImpl(fn, o, argnumsFor, args, "grad")[1];
    return o.hasAux ? [g, takeAux()] : g;
  };
}

/**
 * The value and the gradient of a scalar function in one pass (options as for `grad`).
 *
 * @example
 * const [value, g] = valueAndGrad((x: Tensor) => sum(square(x)))(tensor([1, 2])); // 5, [2, 4]
 */
export function valueAndGrad<F extends AuxFunction, const O extends GradOptions & { hasAux: true }>(
  f: F,
  opts: O & CheckArgnums<Parameters<F>, O>,
): (...args: Loosen<Parameters<F>>) => ValueAndGradResult<F, O>;
export function valueAndGrad<F extends ScalarFunction, const O extends GradOptions & { hasAux?: false } = Record<never, never>>(
  f: F,
  opts?: O & CheckArgnums<Parameters<F>, O>,
): (...args: Loosen<Parameters<F>>) => ValueAndGradResult<F, O>;
export function valueAndGrad<F extends AnyFunction, const O extends GradOptions = Record<never, never>>(
  f: F & UntypedReturn<F>,
  opts?: O & CheckArgnums<Parameters<F>, O>,
): (...args: Loosen<Parameters<F>>) => ValueAndGradResult<F, O>;
export function valueAndGrad<F extends ScalarFunction | AuxFunction, O extends GradOptions>(
  f: F,
  opts: O & WideOptions<O>,
): (...args: Loosen<Parameters<F>>) => ValueAndGradResult<F, O>;
export function valueAndGrad(f: unknown, opts?: unknown): (...args: unknown[]) => unknown {
  const [fn, o, argnumsFor] = checkGradArgs(f, opts, "valueAndGrad");
  return (...args) => {
    const r = valueAndGradImpl(fn, o, argnumsFor, args, "valueAndGrad");
    return o.hasAux ? [[r[0], takeAux()], r[1]] : r;
  };
}
