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
import { callWith, flattenValues, normalizeArgnums, numbersToScalars, unflattenValues, type AnyFunction, type Loosen } from "./tree-values.js";

/** Options of the Jacobian transforms. */
export interface JacobianOptions {
  /** Which argument(s) to differentiate (default 0); an array nests one level per argument. */
  argnums?: number | readonly number[];
  /** `jacobian` only: forward mode, reverse mode, or chosen by input vs output size (default). */
  mode?: "auto" | "forward" | "reverse";
}

interface Prepared {
  argnums: number[];
  many: boolean;
  /** Per differentiated argument: its structure and leaves. */
  inputs: { def: TreeDef; leaves: Tensor[] }[];
  flatIn: Tensor[];
  call: (xs: Tensor[]) => unknown;
}

function prepare(f: AnyFunction, opts: JacobianOptions, args: readonly unknown[], where: string): Prepared {
  const [argnums, many] = normalizeArgnums(opts.argnums, args.length, where);
  const inputs = argnums.map((k) => {
    const [leaves, def] = flattenValues(args[k], `${where} argument ${k}`);
    leaves.forEach((l) => {
      if (!isFloat(l.dtype)) throw new DTypeError(`${where}: argument ${k} has dtype ${l.dtype}; only float inputs can be differentiated`);
    });
    return { def, leaves };
  });
  const flatIn = inputs.flatMap((i) => i.leaves);
  const call = (xs: Tensor[]): unknown => {
    const callArgs = args.map(numbersToScalars);
    let i = 0;
    argnums.forEach((k, j) => {
      const n = inputs[j]!.leaves.length;
      callArgs[k] = unflattenValues(inputs[j]!.def, xs.slice(i, i + n));
      i += n;
    });
    return callWith(f, callArgs);
  };
  return { argnums, many, inputs, flatIn, call };
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
    return p.many ? perArg : perArg[0];
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

type JacobianFn<F extends AnyFunction> = (...args: Loosen<Parameters<F>>) => Tensor;

/**
 * The Jacobian by forward mode: one JVP per input element (columns). Shape `[...out, ...in]`.
 *
 * @example
 * jacfwd((x: Tensor) => sin(x))(tensor([0, 1])); // diag(cos 0, cos 1)
 */
export function jacfwd<F extends AnyFunction>(f: F, opts: JacobianOptions = {}): JacobianFn<F> {
  return ((...args: unknown[]) => forwardJacobian(prepare(f, opts, args, "jacfwd"))) as JacobianFn<F>;
}

/**
 * The Jacobian by reverse mode: one pullback per output element (rows), recording `f` once.
 *
 * @example
 * jacrev((x: Tensor) => mul(x, x))(tensor([1, 2])); // [[2, 0], [0, 4]]
 */
export function jacrev<F extends AnyFunction>(f: F, opts: JacobianOptions = {}): JacobianFn<F> {
  return ((...args: unknown[]) => {
    const p = prepare(f, opts, args, "jacrev");
    return reverseJacobian(p, recordFlat(p.call, p.flatIn, "jacrev"));
  }) as JacobianFn<F>;
}

/**
 * The Jacobian, choosing the mode: forward when there are fewer inputs than outputs, reverse
 * otherwise (`opts.mode` forces one). Shape `[...out, ...in]`.
 *
 * @example
 * jacobian((x: Tensor) => stack([sum(x), prod(x)]))(tensor([1, 2, 3])); // [[1, 1, 1], [6, 3, 2]]
 */
export function jacobian<F extends AnyFunction>(f: F, opts: JacobianOptions = {}): JacobianFn<F> {
  return ((...args: unknown[]) => {
    const p = prepare(f, opts, args, "jacobian");
    if (opts.mode === "forward") return forwardJacobian(p);
    const rec = recordFlat(p.call, p.flatIn, "jacobian");
    const nIn = p.flatIn.reduce((n, x) => n + x.size, 0);
    const nOut = rec.outPrimals.reduce((n, o) => n + sizeOf(o.shape), 0);
    if (opts.mode !== "reverse" && nIn < nOut) return forwardJacobian(p);
    return reverseJacobian(p, rec);
  }) as JacobianFn<F>;
}
