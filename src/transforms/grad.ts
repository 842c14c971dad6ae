import { isFloat } from "../core/dtype.js";
import { DTypeError, TransformError } from "../core/errors.js";
import { showShape } from "../core/shape.js";
import type { TreeDef } from "../core/tree.js";
import { onesLike, scalar } from "../tensor/creation.js";
import { Tensor } from "../tensor/tensor.js";
import { pullbackFlat, recordFlat } from "./vjp.js";
import { callWith, flattenValues, normalizeArgnums, numbersToScalars, unflattenValues, type AnyFunction, type Loosen, type TensorTree } from "./tree-values.js";

/** Options of `grad` and `valueAndGrad`. */
export interface GradOptions {
  /** Which argument(s) to differentiate (default 0); an array gives an array of gradients. */
  argnums?: number | readonly number[];
  /** `f` returns `[value, aux]`; aux is passed through undifferentiated. */
  hasAux?: boolean;
}

type Params<F extends AnyFunction> = Parameters<F>;
type Grads<F extends AnyFunction, O> = O extends { argnums: readonly number[] }
  ? TensorTree<Params<F>[number]>[]
  : O extends { argnums: number }
    ? TensorTree<Params<F>[number]>
    : TensorTree<Params<F>[0]>;
type Aux<F extends AnyFunction> = ReturnType<F> extends readonly [unknown, infer A] ? A : never;
/** What `grad(f, opts)` returns when called. */
export type GradResult<F extends AnyFunction, O> = O extends { hasAux: true } ? [Grads<F, O>, Aux<F>] : Grads<F, O>;
/** What `valueAndGrad(f, opts)` returns when called. */
export type ValueAndGradResult<F extends AnyFunction, O> = O extends { hasAux: true }
  ? [[Tensor, Aux<F>], Grads<F, O>]
  : [Tensor, Grads<F, O>];

function unwrapAux(aux: unknown, owner: unknown): unknown {
  if (aux instanceof Tensor) return aux._owner === owner ? aux._primal : aux;
  if (Array.isArray(aux)) return aux.map((a) => unwrapAux(a, owner));
  if (aux !== null && typeof aux === "object" && Object.getPrototypeOf(aux) === Object.prototype)
    return Object.fromEntries(Object.entries(aux).map(([k, v]) => [k, unwrapAux(v, owner)]));
  return aux;
}

/**
 * @internal `argnums` normalised against an argument count. Computed on the first call and again
 * only when a call passes a different number of arguments (the per-call setup stays small).
 */
class ArgnumsFor {
  private nargs = -1;
  list: number[] = [];
  many = false;
  constructor(private readonly argnums: number | readonly number[] | undefined) {}

  /** Normalises for `nargs` arguments (throws when out of range) and returns `this`. */
  for(nargs: number, where: string): this {
    if (nargs !== this.nargs) {
      [this.list, this.many] = normalizeArgnums(this.argnums, nargs, where);
      this.nargs = nargs;
    }
    return this;
  }
}

function checkFloatLeaf(leaf: Tensor, k: number, i: number, n: number, where: string): void {
  if (!isFloat(leaf.dtype))
    throw new DTypeError(`${where}: argument ${k}${n > 1 ? ` (leaf ${i})` : ""} has dtype ${leaf.dtype}; only float inputs can be differentiated (cast it, or leave it out of argnums)`);
}

/** A differentiated argument rebuilt from `count` flat values starting at `at` (a null def is one tensor). */
function regroup(def: TreeDef | null, count: number, xs: readonly Tensor[], at: number): unknown {
  return def === null ? xs[at] : unflattenValues(def, xs.slice(at, at + count));
}

/** @internal Shared body of `grad` and `valueAndGrad`. */
function valueAndGradImpl(f: AnyFunction, opts: GradOptions, argnumsFor: ArgnumsFor, args: readonly unknown[], where: string): [unknown, unknown, unknown] {
  const { list: argnums, many } = argnumsFor.for(args.length, where);
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
    for (let i = 0; i < args.length; i++) callArgs[i] = numbersToScalars(args[i]);
    for (let j = 0, at = 0; j < argnums.length; at += counts[j]!, j++) callArgs[argnums[j]!] = regroup(defs[j] ?? null, counts[j]!, xs, at);
    return callWith(f, callArgs);
  };
  const rec = recordFlat(call, allLeaves, where);
  let valueLeaf: Tensor;
  let aux: unknown;
  if (opts.hasAux) {
    if (!Array.isArray(rec.out) || rec.out.length !== 2)
      throw new TransformError(`${where}: with hasAux, f must return [value, aux], got ${describe(rec.out)}`);
    valueLeaf = scalarOutput(rec.out[0], where);
    aux = unwrapAux(rec.out[1], rec.interp);
  } else valueLeaf = scalarOutput(rec.out, where);
  const value = valueLeaf._owner === rec.interp ? valueLeaf._primal! : valueLeaf;
  const cts = pullbackFlat(rec, [onesLike(value)], allLeaves, [valueLeaf]);
  if (!many) return [value, aux, regroup(defs[0] ?? null, counts[0]!, cts, 0)];
  const grads = new Array<unknown>(argnums.length);
  for (let j = 0, at = 0; j < argnums.length; at += counts[j]!, j++) grads[j] = regroup(defs[j] ?? null, counts[j]!, cts, at);
  return [value, aux, grads];
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
 *
 * @example
 * const f = (x1: Tensor, x2: Tensor) => add(sub(log(x1), sin(x2)), mul(x1, x2));
 * grad(f, { argnums: [0, 1] })(2, 5); // [5.5, 1.7163]
 */
export function grad<F extends AnyFunction, const O extends GradOptions = Record<never, never>>(
  f: F,
  opts?: O,
): (...args: Loosen<Parameters<F>>) => GradResult<F, O> {
  const argnumsFor = new ArgnumsFor(opts?.argnums);
  return (...args) => {
    const [, aux, g] = valueAndGradImpl(f, opts ?? {}, argnumsFor, args, "grad");
    return (opts?.hasAux ? [g, aux] : g) as GradResult<F, O>;
  };
}

/**
 * The value and the gradient of a scalar function in one pass.
 *
 * @example
 * const [value, g] = valueAndGrad((x: Tensor) => sum(square(x)))(tensor([1, 2])); // 5, [2, 4]
 */
export function valueAndGrad<F extends AnyFunction, const O extends GradOptions = Record<never, never>>(
  f: F,
  opts?: O,
): (...args: Loosen<Parameters<F>>) => ValueAndGradResult<F, O> {
  const argnumsFor = new ArgnumsFor(opts?.argnums);
  return (...args) => {
    const [value, aux, g] = valueAndGradImpl(f, opts ?? {}, argnumsFor, args, "valueAndGrad");
    return (opts?.hasAux ? [[value, aux], g] : [value, g]) as ValueAndGradResult<F, O>;
  };
}
