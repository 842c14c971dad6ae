/**
 * Pytrees: nested arrays and plain objects whose leaves are values (tensors or numbers).
 * `flatten` lists the leaves in a fixed order and returns a `TreeDef` to rebuild the structure.
 */
import { ArgumentError } from "./errors.js";
import { describeValue } from "./validate.js";

/** The structure of a tree with its leaves removed. */
export type TreeDef =
  | { readonly kind: "leaf" }
  | { readonly kind: "none"; readonly value: null | undefined }
  | { readonly kind: "array"; readonly children: readonly TreeDef[] }
  | { readonly kind: "object"; readonly keys: readonly string[]; readonly children: readonly TreeDef[] };

const leafDef: TreeDef = { kind: "leaf" };

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (x === null || typeof x !== "object") return false;
  const proto = Object.getPrototypeOf(x) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * The deepest tree `flatten` accepts. NOTE: parameter trees are a few levels deep; a bound far
 * above that turns a runaway structure into a clear error instead of a stack overflow.
 */
export const MAX_TREE_DEPTH = 512;

function isThenable(x: unknown): boolean {
  return x !== null && (typeof x === "object" || typeof x === "function") && typeof (x as { then?: unknown }).then === "function";
}

/** Flattens `tree` into its leaves (those for which `isLeaf` holds) and its structure. */
export function flatten<L>(tree: unknown, isLeaf: (x: unknown) => x is L, where = "tree"): [L[], TreeDef] {
  const leaves: L[] = [];
  // Keys from the root to the node being visited; the path text is built only for an error.
  const path: (string | number)[] = [];
  // The containers on that path. NOTE: a cycle shows up as unbounded depth and is told apart from a
  // deep tree only at the depth bound, so the common path pays no per-node Set lookups.
  const ancestors: unknown[] = [];
  const visit = (node: unknown): TreeDef => {
    if (isLeaf(node)) {
      leaves.push(node);
      return leafDef;
    }
    if (node === null || node === undefined) return { kind: "none", value: node };
    if (Array.isArray(node)) {
      if (ancestors.length >= MAX_TREE_DEPTH) throw tooDeep(where, [...ancestors, node], path);
      ancestors.push(node);
      const children = new Array<TreeDef>(node.length);
      for (let i = 0; i < node.length; i++) {
        path.push(i);
        children[i] = visit(node[i]);
        path.pop();
      }
      ancestors.pop();
      return { kind: "array", children };
    }
    if (isPlainObject(node)) {
      if (ancestors.length >= MAX_TREE_DEPTH) throw tooDeep(where, [...ancestors, node], path);
      ancestors.push(node);
      const keys = Object.keys(node).sort();
      const children = new Array<TreeDef>(keys.length);
      for (let i = 0; i < keys.length; i++) {
        path.push(keys[i]!);
        children[i] = visit(node[keys[i]!]);
        path.pop();
      }
      ancestors.pop();
      return { kind: "object", keys, children };
    }
    if (isThenable(node))
      throw new ArgumentError(`${where}: got a Promise at ${showPath(path)}: f returned a Promise; transforms need synchronous functions (no async f)`);
    throw new ArgumentError(
      `${where}: unsupported value at ${showPath(path)}: expected a Tensor, a number, or arrays/plain objects of those, got ${describeValue(node)}`,
    );
  };
  const def = visit(tree);
  return [leaves, def];
}

/**
 * The error for a tree whose containers `chain` (`chain[i]` reached by `path[0..i)`) go deeper than
 * `MAX_TREE_DEPTH`: a circular reference, naming the path that leads back to an ancestor, or a tree
 * too deep.
 */
export function tooDeep(where: string, chain: readonly unknown[], path: readonly (string | number)[]): ArgumentError {
  const seen = new Map<unknown, number>();
  for (let i = 0; i < chain.length; i++) {
    const first = seen.get(chain[i]);
    if (first !== undefined)
      return new ArgumentError(
        `${where}: circular reference: ${showPath(path.slice(0, i))} is ${showPath(path.slice(0, first))} itself; a tree must not contain itself`,
      );
    seen.set(chain[i], i);
  }
  return new ArgumentError(`${where}: the tree is deeper than ${MAX_TREE_DEPTH} levels at ${showPath(path)}; nest arrays and objects less deeply`);
}

/** A path of keys as text: `arg.w[1]` (the middle of a very long path elided). */
export function showPath(path: readonly (string | number)[]): string {
  const part = (ks: readonly (string | number)[]) =>
    ks.map((k) => (typeof k === "number" ? `[${k}]` : `.${k.length > 40 ? `${k.slice(0, 40)}…` : k}`)).join("");
  return path.length <= 12 ? `arg${part(path)}` : `arg${part(path.slice(0, 6))}…(${path.length - 12} more)…${part(path.slice(-6))}`;
}

/** Rebuilds a tree of the structure `def` from `leaves` (consumed in order). */
export function unflatten<L>(def: TreeDef, leaves: readonly L[]): unknown {
  let i = 0;
  const build = (d: TreeDef): unknown => {
    switch (d.kind) {
      case "leaf":
        if (i >= leaves.length) throw new Error("unflatten: not enough leaves for the tree structure");
        return leaves[i++];
      case "none":
        return d.value;
      case "array":
        return d.children.map(build);
      case "object": {
        const out: Record<string, unknown> = {};
        d.keys.forEach((k, j) => {
          // NOTE: a key "__proto__" (from JSON.parse) is defined as an own key, not as the prototype.
          if (k === "__proto__") Object.defineProperty(out, k, { value: build(d.children[j]!), enumerable: true, writable: true, configurable: true });
          else out[k] = build(d.children[j]!);
        });
        return out;
      }
    }
  };
  const out = build(def);
  if (i !== leaves.length) throw new Error(`unflatten: ${leaves.length - i} leaves left over`);
  return out;
}

/** Number of leaves of a tree structure. */
export function leafCount(def: TreeDef): number {
  switch (def.kind) {
    case "leaf":
      return 1;
    case "none":
      return 0;
    default:
      return def.children.reduce((n, c) => n + leafCount(c), 0);
  }
}

/** True when two tree structures are the same. */
export function treeDefsEqual(a: TreeDef, b: TreeDef): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === "leaf") return true;
  if (a.kind === "none") return a.value === (b as typeof a).value;
  const bc = (b as typeof a).children;
  if (a.children.length !== bc.length) return false;
  if (a.kind === "object" && a.keys.join("\u0000") !== (b as typeof a).keys.join("\u0000")) return false;
  return a.children.every((c, i) => treeDefsEqual(c, bc[i]!));
}

/** A short description of a tree structure for error messages. */
export function showTreeDef(def: TreeDef): string {
  switch (def.kind) {
    case "leaf":
      return "*";
    case "none":
      return String(def.value);
    case "array":
      return `[${def.children.map(showTreeDef).join(", ")}]`;
    case "object":
      return `{${def.keys.map((k, i) => `${k}: ${showTreeDef(def.children[i]!)}`).join(", ")}}`;
  }
}


/**
 * Rebuilds the arrays and plain objects of `tree` with `f` applied to every other value (leaves and
 * anything that is not a container pass through `f`); circular and too deep trees raise as in `flatten`.
 */
export function mapTree(tree: unknown, f: (x: unknown) => unknown, where = "tree"): unknown {
  const path: (string | number)[] = [];
  const ancestors: unknown[] = [];
  const visit = (node: unknown): unknown => {
    const isArray = Array.isArray(node);
    if (!isArray && !isPlainObject(node)) return f(node);
    if (ancestors.length >= MAX_TREE_DEPTH) throw tooDeep(where, [...ancestors, node], path);
    ancestors.push(node);
    let out: unknown;
    if (isArray) {
      const arr = node as unknown[];
      const mapped = new Array<unknown>(arr.length);
      for (let i = 0; i < arr.length; i++) {
        path.push(i);
        mapped[i] = visit(arr[i]);
        path.pop();
      }
      out = mapped;
    } else {
      const entries = Object.entries(node as Record<string, unknown>);
      for (const e of entries) {
        path.push(e[0]);
        e[1] = visit(e[1]);
        path.pop();
      }
      // NOTE: fromEntries defines own properties, so a key "__proto__" stays a key.
      out = Object.fromEntries(entries);
    }
    ancestors.pop();
    return out;
  };
  return visit(tree);
}

/** The keys from the root of a tree of structure `def` to its leaf number `index` (for error messages). */
export function leafPath(def: TreeDef, index: number): (string | number)[] {
  const path: (string | number)[] = [];
  let seen = 0;
  const find = (d: TreeDef): boolean => {
    if (d.kind === "leaf") return seen++ === index;
    if (d.kind === "none") return false;
    for (let i = 0; i < d.children.length; i++) {
      path.push(d.kind === "object" ? d.keys[i]! : i);
      if (find(d.children[i]!)) return true;
      path.pop();
    }
    return false;
  };
  return find(def) ? path : [];
}
