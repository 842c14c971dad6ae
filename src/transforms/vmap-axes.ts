import { ArgumentError } from "../core/errors.js";
import { leafCount, showPath, type TreeDef } from "../core/tree.js";
import { describeValue } from "../core/validate.js";
import { Tensor } from "../tensor/tensor.js";

/** Batch axes for a tree of values: one axis (or `null`, not batched) for everything below, or a tree of those matching the value's structure. */
export type AxisTree = number | null | readonly AxisTree[] | { readonly [key: string]: AxisTree };

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (x === null || typeof x !== "object") return false;
  const proto = Object.getPrototypeOf(x) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Checks that `axes` is an axis tree (integers, nulls, arrays and plain objects of those). */
export function checkAxisTree(axes: unknown, fn: string, arg: string, depth = 0): AxisTree {
  if (axes === null || Number.isInteger(axes)) return axes as AxisTree;
  if (depth < 64 && Array.isArray(axes)) {
    axes.forEach((a) => checkAxisTree(a, fn, arg, depth + 1));
    return axes as AxisTree;
  }
  if (depth < 64 && isPlainObject(axes)) {
    Object.values(axes).forEach((a) => checkAxisTree(a, fn, arg, depth + 1));
    return axes as AxisTree;
  }
  throw new ArgumentError(`${fn}: ${arg} must be an integer axis, null, or arrays/plain objects of those, got ${describeValue(axes)}`);
}

function mismatch(where: string, path: readonly (string | number)[], axes: AxisTree, value: string): ArgumentError {
  return new ArgumentError(
    `vmap: the axes given for ${where} at ${showPath(path)} (${JSON.stringify(axes)}) do not match its structure: the value there is ${value}`,
  );
}

/** Normalises a batch axis against a rank (negative counts from the end); `where` names the value in the error. */
export function normalizeAxis(axis: number, rank: number, where: string, role: string): number {
  if (axis < -rank || axis >= rank)
    throw new ArgumentError(`vmap: ${role} ${axis} is out of range for ${where}, which has rank ${rank - (role === "outAxes" ? 1 : 0)}${role === "outAxes" ? " per example" : ""} (valid: ${-rank} … ${rank - 1})`);
  return axis < 0 ? axis + rank : axis;
}

/**
 * Rebuilds argument `x` with `visit(tensor, axis, path)` applied to every tensor that `axes` batches;
 * values under a `null` axis pass through untouched (they may be anything). A number or another value
 * under an integer axis raises, since only tensors have axes to map over.
 */
export function mapBatchedArg(
  x: unknown,
  axes: AxisTree,
  where: string,
  visit: (t: Tensor, axis: number, path: readonly (string | number)[]) => Tensor,
  path: (string | number)[] = [],
): unknown {
  if (axes === null) return x;
  if (typeof axes === "number") {
    if (x instanceof Tensor) return visit(x, axes, path);
    if (x === null || x === undefined) return x;
    if (Array.isArray(x)) return x.map((c, i) => mapBatchedArg(c, axes, where, visit, [...path, i]));
    if (isPlainObject(x)) return Object.fromEntries(Object.entries(x).map(([k, c]) => [k, mapBatchedArg(c, axes, where, visit, [...path, k])]));
    const what = typeof x === "number" ? `the number ${x} (rank 0: nothing to map over)` : describeValue(x);
    throw new ArgumentError(
      `vmap: ${where} at ${showPath(path)} is ${what}, but inAxes asks to map it along axis ${axes}; give it inAxes null to pass it to every example unchanged`,
    );
  }
  if (Array.isArray(axes)) {
    if (!Array.isArray(x) || x.length !== axes.length) throw mismatch(where, path, axes, Array.isArray(x) ? `an array of length ${x.length}` : describeValue(x));
    return x.map((c, i) => mapBatchedArg(c, axes[i] as AxisTree, where, visit, [...path, i]));
  }
  if (!isPlainObject(x)) throw mismatch(where, path, axes, describeValue(x));
  const keys = Object.keys(x);
  const axisKeys = Object.keys(axes);
  const missing = keys.find((k) => !(k in axes)) ?? axisKeys.find((k) => !(k in x));
  if (missing !== undefined) throw mismatch(where, path, axes, `an object with keys ${JSON.stringify(keys.sort())} (key ${JSON.stringify(missing)} is in one but not the other)`);
  return Object.fromEntries(keys.map((k) => [k, mapBatchedArg(x[k], (axes as Record<string, AxisTree>)[k]!, where, visit, [...path, k])]));
}

/** The output axis of every leaf of a tree of structure `def` (leaf order of `flatten`), from an axis tree that is a prefix of it. */
export function leafAxes(def: TreeDef, axes: AxisTree, path: (string | number)[] = []): (number | null)[] {
  if (axes === null || typeof axes === "number") {
    const n = leafCount(def);
    return Array.from({ length: n }, () => axes);
  }
  if (def.kind === "leaf" || def.kind === "none") throw mismatch("the output of f", path, axes, def.kind === "leaf" ? "a tensor" : String(def.value));
  if (Array.isArray(axes)) {
    if (def.kind !== "array" || def.children.length !== axes.length)
      throw mismatch("the output of f", path, axes, def.kind === "array" ? `an array of length ${def.children.length}` : "an object");
    return def.children.flatMap((c, i) => leafAxes(c, axes[i] as AxisTree, [...path, i]));
  }
  if (def.kind !== "object") throw mismatch("the output of f", path, axes, "an array");
  const obj = axes as Record<string, AxisTree>;
  const missing = def.keys.find((k) => !(k in obj)) ?? Object.keys(obj).find((k) => !def.keys.includes(k));
  if (missing !== undefined) throw mismatch("the output of f", path, axes, `an object with keys ${JSON.stringify(def.keys)} (key ${JSON.stringify(missing)} is in one but not the other)`);
  return def.children.flatMap((c, i) => leafAxes(c, obj[def.keys[i]!]!, [...path, def.keys[i]!]));
}
