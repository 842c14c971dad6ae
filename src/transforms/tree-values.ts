import { flatten, mapTree, unflatten, type TreeDef } from "../core/tree.js";
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

/** Calls a user function with runtime-built arguments. */
export function callWith(f: AnyFunction, args: readonly unknown[]): unknown {
  return (f as unknown as (...a: unknown[]) => unknown)(...args);
}

/** Replaces every number in a tree by a float64 scalar (transform arguments that are not differentiated). */
export function numbersToScalars(tree: unknown, where = "argument"): unknown {
  if (tree instanceof Tensor) return tree;
  if (typeof tree === "number") return scalar(tree, "float64");
  if (tree === null || typeof tree !== "object") return tree;
  return mapTree(tree, (x) => (typeof x === "number" ? scalar(x, "float64") : x), where);
}
