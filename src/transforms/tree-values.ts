import { TransformError } from "../core/errors.js";
import { flatten, unflatten, type TreeDef } from "../core/tree.js";
import { scalar } from "../tensor/creation.js";
import { Tensor } from "../tensor/tensor.js";

/** A tree of values: tensors or numbers, in nested arrays and plain objects. */
export type Tree = Tensor | number | readonly Tree[] | { readonly [key: string]: Tree };

/** A tree of tensors, as transforms return them (numbers became float64 scalars). */
export type TensorTree<T> = T extends Tensor | number
  ? Tensor
  : T extends readonly unknown[]
    ? { -readonly [K in keyof T]: TensorTree<T[K]> }
    : T extends object
      ? { -readonly [K in keyof T]: TensorTree<T[K]> }
      : T;

/** Argument types a transformed function accepts: numbers wherever tensors are expected. */
export type Loosen<T> = T extends Tensor
  ? Tensor | number
  : T extends readonly unknown[]
    ? { [K in keyof T]: Loosen<T[K]> }
    : T extends object
      ? { [K in keyof T]: Loosen<T[K]> }
      : T;

/** Any function a transform accepts. */
export type AnyFunction = (...args: never[]) => unknown;

function isLeaf(x: unknown): x is Tensor | number {
  return x instanceof Tensor || typeof x === "number";
}

/** The structure of a tree that is one leaf (the common case of a single tensor argument or output). */
const leafDef: TreeDef = { kind: "leaf" };

/** Flattens a tree, turning numbers into float64 scalars. */
export function flattenValues(tree: unknown, where: string): [Tensor[], TreeDef] {
  if (tree instanceof Tensor) return [[tree], leafDef];
  const [leaves, def] = flatten(tree, isLeaf, where);
  return [leaves.map((l) => (typeof l === "number" ? scalar(l, "float64") : l)), def];
}

/** Rebuilds a tree of tensors. */
export function unflattenValues(def: TreeDef, leaves: readonly Tensor[]): unknown {
  if (def.kind === "leaf" && leaves.length === 1) return leaves[0];
  return unflatten(def, leaves);
}

/** Normalises `argnums` against the number of arguments; returns the list and whether it was a list. */
export function normalizeArgnums(argnums: number | readonly number[] | undefined, nargs: number, where: string): [number[], boolean] {
  const list = argnums === undefined ? [0] : typeof argnums === "number" ? [argnums] : [...argnums];
  for (const a of list)
    if (!Number.isInteger(a) || a < -nargs || a >= nargs)
      throw new TransformError(`${where}: argnums ${JSON.stringify(argnums)} is out of range for ${nargs} argument(s)`);
  return [list.map((a) => (a < 0 ? a + nargs : a)), Array.isArray(argnums)];
}

/** Calls a user function with runtime-built arguments. */
export function callWith(f: AnyFunction, args: readonly unknown[]): unknown {
  return (f as unknown as (...a: unknown[]) => unknown)(...args);
}

/** Replaces every number in a tree by a float64 scalar (transform arguments that are not differentiated). */
export function numbersToScalars(tree: unknown): unknown {
  if (tree instanceof Tensor) return tree;
  if (typeof tree === "number") return flattenValues(tree, "argument")[0][0];
  if (Array.isArray(tree)) return tree.map(numbersToScalars);
  if (tree !== null && typeof tree === "object" && Object.getPrototypeOf(tree) === Object.prototype)
    return Object.fromEntries(Object.entries(tree).map(([k, v]) => [k, numbersToScalars(v)]));
  return tree;
}
