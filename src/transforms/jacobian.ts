import { allocArray, isFloat } from "../core/dtype.js";
import { DTypeError } from "../core/errors.js";
import { sizeOf } from "../core/shape.js";
import type { TreeDef } from "../core/tree.js";
import { concat } from "../primitives/movement/concat.js";
import { reshape } from "../primitives/movement/reshape.js";
import { fromData, zerosLike } from "../tensor/creation.js";
import type { Tensor } from "../tensor/tensor.js";
import { jvpFlat } from "./jvp.js";
import { pullbackFlat, recordFlat, type ReverseRecord } from "./vjp.js";
import { argumentError, checkFunction } from "../core/validate.js";
import { checkArgnums, checkTransformOptions, normalizeArgnums, toSlots, type Argnums } from "./argnums.js";
import { callWith, flattenValues, numbersToScalars, unflattenValues, type AnyFunction, type Loosen } from "./tree-values.js";
import type { ArgnumsOf, CheckArgnums, JacobianOf, SelectedGrads } from "./types.js";

/** Options of the Jacobian transforms. */
export interface JacobianOptions {
  /** Which argument(s) to differentiate (default 0); an array nests one level per argument. */
  argnums?: number | readonly number[];
  /** `jacobian` only: forward mode, reverse mode, or chosen by input vs output size (default). */
  mode?: "auto" | "forward" | "reverse";
}

interface Prepared {
  argnums: Argnums;
  /** Per distinct differentiated argument: its structure and leaves. */
  inputs: { def: TreeDef; leaves: Tensor[] }[];
  flatIn: Tensor[];
  call: (xs: Tensor[]) => unknown;
}

/** @internal Checks a Jacobian transform's arguments once, at creation. */
export function checkJacobianArgs(f: unknown, opts: unknown, where: string, keys: readonly string[] = ["argnums", "mode"]): [AnyFunction, JacobianOptions] {
  checkFunction(f, where, "f");
  const o = checkTransformOptions<JacobianOptions>(opts, where, keys);
  if (o.mode !== undefined && o.mode !== "auto" && o.mode !== "forward" && o.mode !== "reverse")
    throw argumentError(where, "options.mode", `"auto", "forward" or "reverse"`, o.mode);
  return [f as AnyFunction, { argnums: checkArgnums(o.argnums, where), mode: o.mode ?? "auto" }];
}

function prepare(f: AnyFunction, opts: JacobianOptions, args: readonly unknown[], where: string): Prepared {
  const argnums = normalizeArgnums(opts.argnums, args.length, where);
  const inputs = argnums.unique.map((k) => {
    const [leaves, def] = flattenValues(args[k], `${where} argument ${k}`);
    leaves.forEach((l) => {
      if (!isFloat(l.dtype)) throw new DTypeError(`${where}: argument ${k} has dtype ${l.dtype}; only float inputs can be differentiated`);
    });
    return { def, leaves };
  });
  const flatIn = inputs.flatMap((i) => i.leaves);
  const call = (xs: Tensor[]): unknown => {
    const callArgs = args.map((a, i) => numbersToScalars(a, `${where} argument ${i}`));
    let i = 0;
    argnums.unique.forEach((k, j) => {
      const n = inputs[j]!.leaves.length;
      callArgs[k] = unflattenValues(inputs[j]!.def, xs.slice(i, i + n));
      i += n;
    });
    return callWith(f, callArgs);
  };
  return { argnums, inputs, flatIn, call };
}

/** A one-hot tensor: `like`'s shape and dtype, 1 at flat position `k`. */
function basis(like: Tensor, k: number): Tensor {
  const d = allocArray(like.dtype, like.size);
  d[k] = 1;
  return fromData(d, like.shape, like.dtype);
}

/** Assembles blocks J[o][i] (shape [...out_o, ...in_i]) into the output tree of input trees. */
function assemble(p: Prepared, outDef: TreeDef, blocks: Tensor[][]): unknown {
  const perOut = blocks.map((row) => {
    let i = 0;
    const perArg = p.inputs.map((inp) => {
      const t = unflattenValues(inp.def, row.slice(i, i + inp.leaves.length));
      i += inp.leaves.length;
      return t;
    });
    return p.argnums.many ? toSlots(p.argnums, perArg) : perArg[0];
  });
  return unflattenValues(outDef, perOut as Tensor[]);
}

function forwardJacobian(p: Prepared): unknown {
  const columns: Tensor[][][] = []; // [inLeaf][element] -> out tangent leaves
  let outs: Tensor[] = [];
  let outDef: TreeDef | null = null;
  p.flatIn.forEach((x, j) => {
    const cols: Tensor[][] = [];
    for (let k = 0; k < x.size; k++) {
      const ts = p.flatIn.map((y, jj) => (jj === j ? basis(y, k) : null));
      const [, o, ot, def] = jvpFlat(p.call, p.flatIn, ts, "jacfwd");
      outs = o;
      outDef = def;
      cols.push(ot);
    }
    columns.push(cols);
  });
  if (outDef === null) {
    const [, o, , def] = jvpFlat(p.call, p.flatIn, p.flatIn.map(() => null), "jacfwd");
    outs = o;
    outDef = def;
  }
  const blocks = outs.map((o, oi) =>
    p.flatIn.map((x, j) => {
      const cols = columns[j]!.map((c) => reshape(c[oi]!, [...o.shape, 1]));
      const stacked = cols.length > 0 ? concat(cols, o.shape.length) : fromData(allocArray(o.dtype, 0), [...o.shape, 0], o.dtype);
      return reshape(stacked, [...o.shape, ...x.shape]);
    }),
  );
  return assemble(p, outDef, blocks);
}

function reverseJacobian(p: Prepared, rec: ReverseRecord): unknown {
  const blocks = rec.outPrimals.map((o, oi) => {
    const rows: Tensor[][] = p.flatIn.map(() => []);
    for (let k = 0; k < o.size; k++) {
      const cts = rec.outPrimals.map((oo, ii) => (ii === oi ? basis(oo, k) : zerosLike(oo)));
      pullbackFlat(rec, cts, p.flatIn).forEach((g, j) => rows[j]!.push(reshape(g, [1, ...g.shape])));
    }
    return p.flatIn.map((x, j) => {
      const r = rows[j]!;
      const stacked = r.length > 0 ? concat(r, 0) : fromData(allocArray(o.dtype, 0), [0, ...x.shape], o.dtype);
      return reshape(stacked, [...o.shape, ...x.shape]);
    });
  });
  return assemble(p, rec.outDef, blocks);
}

/** What a Jacobian transform of `f` with options `O` returns when called: `f`'s output tree, each leaf the selected inputs' gradient tree. */
export type JacobianResult<F extends AnyFunction, O> = JacobianOf<ReturnType<F>, SelectedGrads<Parameters<F>, ArgnumsOf<O>>>;

/** A Jacobian transform of `f` with options `O`. */
export type JacobianFn<F extends AnyFunction, O> = (...args: Loosen<Parameters<F>>) => JacobianResult<F, O>;

/**
 * The Jacobian by forward mode: one JVP per input element (columns). Shape `[...out, ...in]`; with
 * trees, `f`'s output tree with the input tree at each leaf; an array `argnums` nests one level.
 *
 * @example
 * jacfwd((x: Tensor) => sin(x))(tensor([0, 1])); // diag(cos 0, cos 1)
 */
export function jacfwd<F extends AnyFunction, const O extends JacobianOptions = Record<never, never>>(
  f: F,
  opts?: O & CheckArgnums<Parameters<F>, O>,
): JacobianFn<F, O>;
export function jacfwd(f: unknown, opts?: unknown): (...args: unknown[]) => unknown {
  const [fn, o] = checkJacobianArgs(f, opts, "jacfwd");
  return (...args) => forwardJacobian(prepare(fn, o, args, "jacfwd"));
}

/**
 * The Jacobian by reverse mode: one pullback per output element (rows), recording `f` once.
 *
 * @example
 * jacrev((x: Tensor) => mul(x, x))(tensor([1, 2])); // [[2, 0], [0, 4]]
 */
export function jacrev<F extends AnyFunction, const O extends JacobianOptions = Record<never, never>>(
  f: F,
  opts?: O & CheckArgnums<Parameters<F>, O>,
): JacobianFn<F, O>;
export function jacrev(f: unknown, opts?: unknown): (...args: unknown[]) => unknown {
  const [fn, o] = checkJacobianArgs(f, opts, "jacrev");
  return (...args) => {
    const p = prepare(fn, o, args, "jacrev");
    return reverseJacobian(p, recordFlat(p.call, p.flatIn, "jacrev"));
  };
}

/**
 * The Jacobian, choosing the mode: forward when there are fewer inputs than outputs, reverse
 * otherwise (`opts.mode` forces one). Shape `[...out, ...in]`.
 *
 * @example
 * jacobian((x: Tensor) => stack([sum(x), prod(x)]))(tensor([1, 2, 3])); // [[1, 1, 1], [6, 3, 2]]
 */
export function jacobian<F extends AnyFunction, const O extends JacobianOptions = Record<never, never>>(
  f: F,
  opts?: O & CheckArgnums<Parameters<F>, O>,
): JacobianFn<F, O>;
export function jacobian(f: unknown, opts?: unknown): (...args: unknown[]) => unknown {
  const [fn, o] = checkJacobianArgs(f, opts, "jacobian");
  return (...args) => {
    const p = prepare(fn, o, args, "jacobian");
    if (o.mode === "forward") return forwardJacobian(p);
    const rec = recordFlat(p.call, p.flatIn, "jacobian");
    const nIn = p.flatIn.reduce((n, x) => n + x.size, 0);
    const nOut = rec.outPrimals.reduce((n, o) => n + sizeOf(o.shape), 0);
    if (o.mode !== "reverse" && nIn < nOut) return forwardJacobian(p);
    return reverseJacobian(p, rec);
  };
}
