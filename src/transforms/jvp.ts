import { isFloat } from "../core/dtype.js";
import { DTypeError, ShapeError, TransformError } from "../core/errors.js";
import { shapesEqual, showShape } from "../core/shape.js";
import { showTreeDef, treeDefsEqual } from "../core/tree.js";
import { JvpInterpreter } from "../interpreters/jvp.js";
import { currentInterpreter, within } from "../primitives/bind.js";
import { cast } from "../primitives/other/cast.js";
import { zerosLike } from "../tensor/creation.js";
import type { Tensor } from "../tensor/tensor.js";
import { callWith, flattenValues, unflattenValues, type AnyFunction, type TensorTree } from "./tree-values.js";

/** @internal Runs `f` on flat primals with flat tangents in a fresh forward-mode interpreter. */
export function jvpFlat(
  f: (xs: Tensor[]) => unknown,
  primals: readonly Tensor[],
  tangents: readonly (Tensor | null)[],
  name = "jvp",
): [unknown, Tensor[], Tensor[], import("../core/tree.js").TreeDef] {
  const interp = new JvpInterpreter(currentInterpreter(), name);
  const duals = primals.map((p, i) => interp.dual(p, tangents[i] ?? null));
  let out: unknown;
  try {
    out = within(interp, () => f(duals));
  } finally {
    interp.active = false;
  }
  const [leaves, def] = flattenValues(out, `${name} output`);
  const outs = leaves.map((l) => (l._owner === interp ? l._primal! : l));
  const outTangents = leaves.map((l) => (l._owner === interp && l._tangent !== null ? l._tangent : zerosLike(l)));
  return [out, outs, outTangents, def];
}

/** Checks that a tangent fits its primal (same shape; float dtype cast to the primal's). */
export function checkTangent(p: Tensor, t: Tensor, i: number, where: string): Tensor | null {
  if (!shapesEqual(p.shape, t.shape))
    throw new ShapeError(`${where}: tangent ${i} has shape ${showShape(t.shape)}, its primal has shape ${showShape(p.shape)}`);
  if (!isFloat(p.dtype)) return null;
  if (!isFloat(t.dtype)) throw new DTypeError(`${where}: tangent ${i} must be a float tensor, got ${t.dtype}`);
  return cast(t, p.dtype);
}

/**
 * Forward mode: evaluates `f` at `primals` and its directional derivative along `tangents` in one
 * pass (a Jacobian-vector product, dual numbers under the hood).
 *
 * @example
 * const [y, dy] = jvp((x) => sin(x), [1], [1]); // y = sin 1, dy = cos 1
 */
export function jvp<F extends AnyFunction>(f: F, primals: readonly unknown[], tangents: readonly unknown[]): [TensorTree<ReturnType<F>>, TensorTree<ReturnType<F>>] {
  if (!Array.isArray(primals) || !Array.isArray(tangents))
    throw new TransformError("jvp: primals and tangents must be arrays (one entry per argument of f)");
  const [ps, pdef] = flattenValues(primals, "jvp primals");
  const [ts, tdef] = flattenValues(tangents, "jvp tangents");
  if (!treeDefsEqual(pdef, tdef))
    throw new TransformError(`jvp: tangents must mirror primals: got ${showTreeDef(tdef)} for primals ${showTreeDef(pdef)}`);
  const checked = ps.map((p, i) => checkTangent(p, ts[i]!, i, "jvp"));
  const call = (xs: Tensor[]) => callWith(f, unflattenValues(pdef, xs) as unknown[]);
  const [, outs, outTangents, odef] = jvpFlat(call, ps, checked);
  return [unflattenValues(odef, outs), unflattenValues(odef, outTangents)] as [TensorTree<ReturnType<F>>, TensorTree<ReturnType<F>>];
}
