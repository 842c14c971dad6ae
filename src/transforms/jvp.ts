import { isFloat } from "../core/dtype.js";
import { DTypeError, ShapeError } from "../core/errors.js";
import { shapesEqual, showShape } from "../core/shape.js";
import { leafPath, showPath, showTreeDef, treeDefsEqual, type TreeDef } from "../core/tree.js";
import { JvpInterpreter } from "../interpreters/jvp.js";
import { currentInterpreter, within } from "../primitives/bind.js";
import { cast } from "../primitives/other/cast.js";
import { zerosLike } from "../tensor/creation.js";
import type { Tensor } from "../tensor/tensor.js";
import { argumentError, checkFunction } from "../core/validate.js";
import { callWith, flattenValues, unflattenValues, type AnyFunction } from "./tree-values.js";
import type { ArgsOf, GradOf, TangentOf } from "./types.js";

/** @internal Runs `f` on flat primals with flat tangents in a fresh forward-mode interpreter. */
export function jvpFlat(
  f: (xs: Tensor[]) => unknown,
  primals: readonly Tensor[],
  tangents: readonly (Tensor | null)[],
  name = "jvp",
): [unknown, Tensor[], Tensor[], TreeDef] {
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

/**
 * Checks that a tangent (`noun` = "tangent") or cotangent fits its value: same shape; a float
 * tangent is cast to the value's float dtype, and null is returned for a non-float value.
 */
export function checkTangent(p: Tensor, t: Tensor, i: number, where: string, noun = "tangent", of = "its primal"): Tensor | null {
  if (!shapesEqual(p.shape, t.shape))
    throw new ShapeError(`${where}: ${noun} ${i} has shape ${showShape(t.shape)}, ${of} has shape ${showShape(p.shape)}; they must match`);
  if (!isFloat(p.dtype)) return null;
  if (!isFloat(t.dtype)) throw new DTypeError(`${where}: ${noun} ${i} must be a float tensor (numbers and floats are cast to ${of}'s ${p.dtype}), got dtype ${t.dtype}`);
  return cast(t, p.dtype);
}

/**
 * @internal Checks `primals` and `tangents` of `jvp`/`hvp` (arrays, one entry per argument, tangents
 * mirroring primals leaf by leaf) and returns the flat primals, their structure and the checked tangents.
 */
export function checkPrimalsAndTangents(primals: unknown, tangents: unknown, where: string): [Tensor[], TreeDef, (Tensor | null)[]] {
  if (!Array.isArray(primals)) throw argumentError(where, "primals", "an array with one entry per argument of f", primals);
  if (!Array.isArray(tangents)) throw argumentError(where, "tangents", "an array with one entry per argument of f", tangents);
  const [ps, pdef] = flattenValues(primals, `${where} primals`);
  return [ps, pdef, checkTangentsFor(ps, pdef, tangents, where)];
}

/** @internal Checks tangents (a tree) against flat primals of structure `pdef`: same structure, shapes, float dtypes. */
export function checkTangentsFor(ps: readonly Tensor[], pdef: TreeDef, tangents: unknown, where: string): (Tensor | null)[] {
  const [ts, tdef] = flattenValues(tangents, `${where} tangents`);
  if (!treeDefsEqual(pdef, tdef))
    throw new ShapeError(`${where}: tangents must have the tree structure of primals, ${showTreeDef(pdef)}, got ${showTreeDef(tdef)}`);
  return ps.map((p, i) => {
    const t = ts[i]!;
    if (!shapesEqual(p.shape, t.shape)) {
      const at = showPath(leafPath(pdef, i)).slice("arg".length);
      throw new ShapeError(`${where}: tangents${at} has shape ${showShape(t.shape)}, primals${at} has shape ${showShape(p.shape)}; they must match`);
    }
    return checkTangent(p, t, i, where);
  });
}

/**
 * Forward mode: evaluates `f` at `primals` and its directional derivative along `tangents` in one
 * pass (a Jacobian-vector product, dual numbers under the hood). `tangents` mirror `primals`; the
 * result is `[output, outputTangent]`, both with the tree structure of `f`'s output.
 *
 * @example
 * const [y, dy] = jvp((x: Tensor) => sin(x), [1], [1]); // y = sin 1, dy = cos 1
 */
export function jvp<F extends AnyFunction>(
  f: F,
  primals: ArgsOf<Parameters<F>>,
  tangents: TangentOf<Parameters<F>>,
): [GradOf<ReturnType<F>>, GradOf<ReturnType<F>>];
export function jvp(f: unknown, primals: unknown, tangents: unknown): [unknown, unknown] {
  checkFunction(f, "jvp", "f");
  const [ps, pdef, checked] = checkPrimalsAndTangents(primals, tangents, "jvp");
  const call = (xs: Tensor[]) => callWith(f as AnyFunction, unflattenValues(pdef, xs) as unknown[]);
  const [, outs, outTangents, odef] = jvpFlat(call, ps, checked);
  return [unflattenValues(odef, outs), unflattenValues(odef, outTangents)];
}
