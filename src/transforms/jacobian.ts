import { allocArray, isFloat } from "../core/dtype.js";
import { DTypeError } from "../core/errors.js";
import { sizeOf } from "../core/shape.js";
import type { TreeDef } from "../core/tree.js";
import { fromData } from "../tensor/creation.js";
import type { Tensor } from "../tensor/tensor.js";
import { jacobianStrategy } from "./jacobian-modes.js";
import { jvpFlat } from "./jvp.js";
import { overStdBasis, splitAxisInto } from "./std-basis.js";
import { vmap } from "./vmap.js";
import { pullbackFlat, recordFlat, type ReverseRecord } from "./vjp.js";
import { argumentError, checkFunction, checkInteger } from "../core/validate.js";
import { checkArgnums, checkTransformOptions, normalizeArgnums, toSlots, type Argnums } from "./argnums.js";
import { callWith, flattenValues, numbersToScalars, unflattenValues, type AnyFunction, type Loosen } from "./tree-values.js";
import type { ArgnumsOf, CheckArgnums, JacobianOf, SelectedGrads } from "./types.js";

/** Options of the Jacobian transforms. */
export interface JacobianOptions {
  /** Which argument(s) to differentiate (default 0); an array nests one level per argument. */
  argnums?: number | readonly number[];
  /** `jacobian` only: forward mode, reverse mode, chosen by input vs output size (default), or vertex elimination (Markowitz order) on the linearised trace. */
  mode?: "auto" | "forward" | "reverse" | "eliminate";
  /**
   * Basis vectors per batched pass (PyTorch's `chunk_size`): the standard basis is evaluated this many
   * lanes at a time, one `vmap` per chunk, results concatenated (default: all at once). Bounds memory.
   */
  chunkSize?: number;
}

interface Prepared {
  argnums: Argnums;
  /** Per distinct differentiated argument: its structure and leaves. */
  inputs: { def: TreeDef; leaves: Tensor[] }[];
  flatIn: Tensor[];
  call: (xs: Tensor[]) => unknown;
}

/** @internal Checks a Jacobian transform's arguments once, at creation. */
export function checkJacobianArgs(f: unknown, opts: unknown, where: string, keys: readonly string[] = ["argnums", "mode", "chunkSize"]): [AnyFunction, JacobianOptions] {
  checkFunction(f, where, "f");
  const o = checkTransformOptions<JacobianOptions>(opts, where, keys);
  if (o.mode !== undefined && o.mode !== "auto" && o.mode !== "forward" && o.mode !== "reverse" && o.mode !== "eliminate")
    throw argumentError(where, "options.mode", `"auto", "forward", "reverse" or "eliminate"`, o.mode);
  const chunkSize = o.chunkSize === undefined ? undefined : checkInteger(o.chunkSize, where, "options.chunkSize", 1);
  // NOTE: vertex elimination has no basis to chunk; rejecting the pair beats ignoring a memory bound.
  if (chunkSize !== undefined && o.mode === "eliminate")
    throw argumentError(where, "options.chunkSize", `absent with mode "eliminate" (vertex elimination evaluates no basis)`, chunkSize);
  return [f as AnyFunction, { argnums: checkArgnums(o.argnums, where), mode: o.mode ?? "auto", ...(chunkSize === undefined ? {} : { chunkSize }) }];
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

/**
 * Forward mode as one batched pass: `vmap` of a single JVP over the standard basis of tangents of all
 * inputs (JAX's `vmap(pushfwd, out_axes=(None, -1))(_std_basis)`), split into one block per input.
 */
function forwardJacobian(p: Prepared, chunkSize: number | undefined): unknown {
  const sizes = p.flatIn.map((x) => x.size);
  let outDef: TreeDef | null = null;
  const push = (...ts: Tensor[]): Tensor[] => {
    const [, , outTangents, def] = jvpFlat(p.call, p.flatIn, ts, "jacfwd");
    outDef = def;
    return outTangents;
  };
  if (sizes.every((m) => m === 0)) {
    const [, outs, , def] = jvpFlat(p.call, p.flatIn, p.flatIn.map(() => null), "jacfwd");
    return assemble(p, def, outs.map((o) => p.flatIn.map((x) => emptyBlock(o, x))));
  }
  // NOTE: the lanes are basis vectors, not examples: random draws in f are shared by all lanes ("same").
  const batched = vmap(push, { outAxes: -1, randomness: "same" });
  const columns = overStdBasis(p.flatIn, chunkSize, (basis) => batched(...basis) as Tensor[], (c) => c.ndim - 1); // [...out_o, Σ in sizes]
  const shapes = p.flatIn.map((x) => x.shape);
  const blocks = columns.map((c) => splitAxisInto(c, c.ndim - 1, sizes, shapes));
  return assemble(p, outDef!, blocks);
}

/**
 * Reverse mode as one batched pass: `f` recorded once, then `vmap` of the pullback over the standard
 * basis of cotangents of all outputs (JAX's `vmap(pullback)(_std_basis(y))`), split per output.
 */
function reverseJacobian(p: Prepared, rec: ReverseRecord, chunkSize: number | undefined): unknown {
  const outs = rec.outPrimals;
  const sizes = outs.map((o) => o.size);
  if (sizes.every((m) => m === 0)) return assemble(p, rec.outDef, outs.map((o) => p.flatIn.map((x) => emptyBlock(o, x))));
  const pull = (...cts: Tensor[]): Tensor[] => pullbackFlat(rec, cts, p.flatIn);
  const batched = vmap(pull, { randomness: "same" });
  const rows = overStdBasis(outs, chunkSize, (basis) => batched(...basis) as Tensor[], () => 0); // [Σ out sizes, ...in_j]
  const shapes = outs.map((o) => o.shape);
  const perIn = rows.map((r) => splitAxisInto(r, 0, sizes, shapes)); // [in_j][out_o]
  return assemble(p, rec.outDef, outs.map((_, oi) => perIn.map((r) => r[oi]!)));
}

/** The Jacobian block of an output or input with no elements: shape `[...out, ...in]`, size 0. */
function emptyBlock(o: Tensor, x: Tensor): Tensor {
  return fromData(allocArray(o.dtype, 0), [...o.shape, ...x.shape], o.dtype);
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
  return (...args) => forwardJacobian(prepare(fn, o, args, "jacfwd"), o.chunkSize);
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
    return reverseJacobian(p, recordFlat(p.call, p.flatIn, "jacrev"), o.chunkSize);
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
    if (o.mode === "forward") return forwardJacobian(p, o.chunkSize);
    if (o.mode === "eliminate") return assemble(p, ...jacobianStrategy("eliminate", "jacobian")(p.call, p.flatIn, "jacobian"));
    const rec = recordFlat(p.call, p.flatIn, "jacobian");
    const nIn = p.flatIn.reduce((n, x) => n + x.size, 0);
    const nOut = rec.outPrimals.reduce((n, o) => n + sizeOf(o.shape), 0);
    if (o.mode !== "reverse" && nIn < nOut) return forwardJacobian(p, o.chunkSize);
    return reverseJacobian(p, rec, o.chunkSize);
  };
}
