import { isFloat } from "../core/dtype.js";
import { ShapeError } from "../core/errors.js";
import { checkFunction } from "../core/validate.js";
import { leafPath, showPath, showTreeDef, treeDefsEqual, type TreeDef } from "../core/tree.js";
import { shapesEqual, showShape } from "../core/shape.js";
import { backwardPass, tapePullback } from "../interpreters/reverse.js";
import { VjpInterpreter } from "../interpreters/vjp.js";
import { currentInterpreter, swapInterpreter } from "../primitives/bind.js";
import { zerosLike } from "../tensor/creation.js";
import type { Tensor } from "../tensor/tensor.js";
import { checkTangent } from "./jvp.js";
import { callWith, flattenValues, unflattenValues, type AnyFunction, type Loosen } from "./tree-values.js";
import type { GradOf, TangentOf } from "./types.js";

/** @internal The result of recording `f` for reverse mode on flat inputs. */
export interface ReverseRecord {
  readonly interp: VjpInterpreter;
  /** Input tracers (null for non-float inputs, which are not differentiated). */
  readonly inputs: readonly (Tensor | null)[];
  /** What `f` returned (tracers inside). */
  readonly out: unknown;
  /** Output leaves as returned (possibly tracers) and their primal values. */
  readonly outLeaves: readonly Tensor[];
  readonly outPrimals: readonly Tensor[];
  readonly outDef: TreeDef;
}

/** @internal Runs `f` on flat inputs under a fresh reverse-mode interpreter. */
export function recordFlat(f: (xs: Tensor[]) => unknown, primals: readonly Tensor[], name = "vjp"): ReverseRecord {
  const interp = new VjpInterpreter(currentInterpreter(), name);
  const n = primals.length;
  const inputs = new Array<Tensor | null>(n);
  const xs = new Array<Tensor>(n);
  for (let i = 0; i < n; i++) {
    const p = primals[i]!;
    const t = isFloat(p.dtype) ? interp.leaf(p) : null;
    inputs[i] = t;
    xs[i] = t ?? p;
  }
  let out: unknown;
  const prev = swapInterpreter(interp);
  try {
    out = f(xs);
  } finally {
    swapInterpreter(prev);
    interp.active = false;
  }
  return finishRecord(interp, inputs, out, name);
}

/** @internal The record of `f`'s run under `interp` (already finished) on input tracers `inputs`, which returned `out`. */
export function finishRecord(interp: VjpInterpreter, inputs: readonly (Tensor | null)[], out: unknown, name: string): ReverseRecord {
  const [outLeaves, outDef] = flattenValues(out, `${name} output`);
  const outPrimals = new Array<Tensor>(outLeaves.length);
  for (let i = 0; i < outLeaves.length; i++) {
    const l = outLeaves[i]!;
    outPrimals[i] = l._owner === interp ? l._primal! : l;
  }
  return { interp, inputs, out, outLeaves, outPrimals, outDef };
}

/**
 * @internal Pulls output cotangents back to flat input cotangents (zeros where nothing flows).
 * `roots` are the outputs the cotangents belong to (default: all of the record's outputs). `once`:
 * the record is never pulled back again, so the sweep frees the graph as it passes (less memory).
 */
export function pullbackFlat(
  rec: ReverseRecord,
  cts: readonly Tensor[],
  primals: readonly Tensor[],
  roots: readonly Tensor[] = rec.outLeaves,
  once = false,
): Tensor[] {
  const tracked = rec.interp.tracks;
  const out = new Array<Tensor>(primals.length);
  if (once && tapePullback(roots, cts, tracked, rec.inputs, out)) {
    for (let i = 0; i < primals.length; i++) out[i] ??= zerosLike(primals[i]!);
    return out;
  }
  const leafCts = backwardPass(roots, cts, { tracked, free: once });
  for (let i = 0; i < primals.length; i++) {
    const t = rec.inputs[i];
    out[i] = (t !== null && t !== undefined ? leafCts.get(t) : undefined) ?? zerosLike(primals[i]!);
  }
  return out;
}

/**
 * Reverse mode: evaluates `f` at `primals` and returns its outputs with a pullback that maps
 * output cotangents (mirroring the outputs; numbers allowed) to one cotangent per primal (a
 * vector-Jacobian product).
 *
 * @example
 * const [y, pullback] = vjp((x: Tensor) => mul(x, x), 3);
 * pullback(1); // [6]
 */
export function vjp<F extends AnyFunction>(
  f: F,
  ...primals: Loosen<Parameters<F>>
): [GradOf<ReturnType<F>>, (cotangents: TangentOf<ReturnType<F>>) => GradOf<Parameters<F>>];
export function vjp(f: unknown, ...primals: unknown[]): [unknown, (cotangents: unknown) => unknown] {
  checkFunction(f, "vjp", "f");
  const [ps, pdef] = flattenValues(primals, "vjp primals");
  const call = (xs: Tensor[]) => callWith(f as AnyFunction, unflattenValues(pdef, xs) as unknown[]);
  const rec = recordFlat(call, ps);
  const pullback = (cotangents: unknown): unknown => {
    const [cts, cdef] = flattenValues(cotangents, "vjp pullback cotangents");
    if (!treeDefsEqual(cdef, rec.outDef))
      throw new ShapeError(`vjp pullback: cotangents must have the tree structure of f's output, ${showTreeDef(rec.outDef)}, got ${showTreeDef(cdef)}`);
    const checked = cts.map((c, i) => {
      const o = rec.outPrimals[i]!;
      if (!shapesEqual(o.shape, c.shape)) {
        const at = showPath(leafPath(rec.outDef, i)).slice("arg".length);
        throw new ShapeError(`vjp pullback: cotangents${at} has shape ${showShape(c.shape)}, the output of f${at} has shape ${showShape(o.shape)}; they must match`);
      }
      return checkTangent(o, c, i, "vjp pullback", "cotangent", `output ${i} of f`) ?? zerosLike(o);
    });
    return unflattenValues(pdef, pullbackFlat(rec, checked, ps));
  };
  return [unflattenValues(rec.outDef, rec.outPrimals), pullback];
}
