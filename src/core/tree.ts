/**
 * Pytrees: nested arrays and plain objects whose leaves are values (tensors or numbers).
 * `flatten` lists the leaves in a fixed order and returns a `TreeDef` to rebuild the structure.
 */

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

/** Flattens `tree` into its leaves (those for which `isLeaf` holds) and its structure. */
export function flatten<L>(tree: unknown, isLeaf: (x: unknown) => x is L, where = "tree"): [L[], TreeDef] {
  const leaves: L[] = [];
  // Keys from the root to the node being visited; the path text is built only for an error.
  const path: (string | number)[] = [];
  const visit = (node: unknown): TreeDef => {
    if (isLeaf(node)) {
      leaves.push(node);
      return leafDef;
    }
    if (node === null || node === undefined) return { kind: "none", value: node };
    if (Array.isArray(node)) {
      const children = new Array<TreeDef>(node.length);
      for (let i = 0; i < node.length; i++) {
        path.push(i);
        children[i] = visit(node[i]);
        path.pop();
      }
      return { kind: "array", children };
    }
    if (isPlainObject(node)) {
      const keys = Object.keys(node).sort();
      const children = new Array<TreeDef>(keys.length);
      for (let i = 0; i < keys.length; i++) {
        path.push(keys[i]!);
        children[i] = visit(node[keys[i]!]);
        path.pop();
      }
      return { kind: "object", keys, children };
    }
    throw new TypeError(
      `${where}: unsupported value at ${showPath(path)}: expected a Tensor, a number, or arrays/plain objects of those, got ${describe(node)}`,
    );
  };
  const def = visit(tree);
  return [leaves, def];
}

/** A path of keys as text: `arg.w[1]`. */
function showPath(path: readonly (string | number)[]): string {
  let text = "arg";
  for (const k of path) text += typeof k === "number" ? `[${k}]` : `.${k}`;
  return text;
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
        d.keys.forEach((k, j) => (out[k] = build(d.children[j]!)));
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

function describe(x: unknown): string {
  if (x === null) return "null";
  if (typeof x === "object") return (x as object).constructor?.name ?? "object";
  return typeof x;
}
