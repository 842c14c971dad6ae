/**
 * Trees of tensors, as optimizers see parameters and gradients: a tensor, or nested arrays and plain
 * objects of tensors (the same trees `grad` takes and returns). Update trees may hold `null` where a
 * parameter has no gradient this step; such a parameter is left alone (PyTorch skips it too).
 */
import { ArgumentError, ShapeError } from "../core/errors.js";
import { shapesEqual, showShape } from "../core/shape.js";
import { flatten, unflatten, type TreeDef } from "../core/tree.js";
import { add, mul } from "../ops/index.js";
import { zerosLike } from "../tensor/creation.js";
import { Tensor } from "../tensor/tensor.js";

/** Parameters or gradients: a tensor, or arrays and plain objects of them. */
export type ParamTree = Tensor | readonly ParamTree[] | { readonly [key: string]: ParamTree };

/** An update or gradient tree in which `null` marks a parameter without a gradient. */
export type UpdateTree = Tensor | null | readonly UpdateTree[] | { readonly [key: string]: UpdateTree };

const isTensor = (x: unknown): x is Tensor => x instanceof Tensor;
const isTensorOrNull = (x: unknown): x is Tensor | null => x === null || x instanceof Tensor;

/** The tensors of a tree, in a fixed order (object keys sorted), and its structure. */
export function flattenTree(tree: unknown, where = "tree"): [Tensor[], TreeDef] {
  return flatten(tree, isTensor, where);
}

/** Like `flattenTree`, keeping `null` leaves (parameters without a gradient) in place. */
export function flattenUpdates(tree: unknown, where = "updates"): [(Tensor | null)[], TreeDef] {
  return flatten(tree, isTensorOrNull, where);
}

/** Rebuilds a tree from its structure and leaves. */
export function unflattenTree<T>(def: TreeDef, leaves: readonly (Tensor | null)[]): T {
  return unflatten(def, leaves) as T;
}

/** The tensors of a tree (object keys sorted). */
export function treeLeaves(tree: ParamTree): Tensor[] {
  return flattenTree(tree)[0];
}

/** Applies `fn` to every tensor of a tree, keeping its structure. */
export function mapTree<T extends ParamTree>(tree: T, fn: (leaf: Tensor, index: number) => Tensor): T {
  const [leaves, def] = flattenTree(tree);
  return unflattenTree<T>(def, leaves.map(fn));
}

/** The dotted paths of a tree's tensors, in `flattenTree` order: `"0"`, `"layers.1.weight"`, `""` for a lone tensor. */
export function leafPaths(tree: ParamTree): string[] {
  const out: string[] = [];
  const visit = (node: unknown, path: string): void => {
    if (node instanceof Tensor) out.push(path);
    else if (Array.isArray(node)) node.forEach((c, i) => visit(c, path === "" ? `${i}` : `${path}.${i}`));
    else if (node !== null && typeof node === "object")
      for (const k of Object.keys(node).sort()) visit((node as Record<string, unknown>)[k], path === "" ? k : `${path}.${k}`);
  };
  visit(tree, "");
  return out;
}

/** c · tree. */
export function scaleTree<T extends ParamTree>(tree: T, c: number): T {
  return mapTree(tree, (t) => mul(t, c));
}

/** A tree of zeros shaped like `tree`. */
export function zerosLikeTree<T extends ParamTree>(tree: T): T {
  return mapTree(tree, (t) => zerosLike(t));
}

/** ⟨a, b⟩ = Σ over leaves and elements of a·b, in float64. */
export function inner(a: ParamTree, b: ParamTree): number {
  const la = treeLeaves(a);
  const lb = treeLeaves(b);
  if (la.length !== lb.length) throw new ShapeError(`inner: trees have ${la.length} and ${lb.length} tensors`);
  let s = 0;
  la.forEach((t, i) => {
    const x = t.data();
    const y = lb[i]!.data();
    if (x.length !== y.length) throw new ShapeError(`inner: tensor ${i} has ${x.length} and ${y.length} elements`);
    for (let j = 0; j < x.length; j++) s += x[j]! * y[j]!;
  });
  return s;
}

/** params + updates, leaf by leaf; a `null` update leaves its parameter unchanged (optax's `apply_updates`). */
export function applyUpdates<T extends ParamTree>(params: T, updates: UpdateTree): T {
  const [ps, def] = flattenTree(params, "applyUpdates params");
  const [us] = flattenUpdates(updates, "applyUpdates updates");
  if (us.length !== ps.length)
    throw new ArgumentError(`applyUpdates: updates must have one entry per parameter, got ${us.length} updates for ${ps.length} parameters`);
  // NOTE: an update must have its parameter's shape exactly; broadcasting would change the parameter's shape.
  us.forEach((u, i) => {
    if (u !== null && !shapesEqual(u.shape, ps[i]!.shape))
      throw new ShapeError(`applyUpdates: update ${i} has shape ${showShape(u.shape)}, its parameter ${showShape(ps[i]!.shape)}`);
  });
  return unflattenTree<T>(def, ps.map((p, i) => (us[i] === null ? p : add(p, us[i]!))));
}
