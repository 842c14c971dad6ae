import type { TreeDef } from "../core/tree.js";
import type { LeafSignature } from "./signature.js";

/**
 * The argument list of a compiled function taken positionally: `count` holds how many arguments
 * were passed and `names[i]` the i-th (for a root that is an array of at most `names.length`).
 */
export interface PositionalRoot {
  readonly count: string;
  readonly names: readonly string[];
}

/**
 * Statements that return `rt.MISMATCH` unless the value at `root` has the structure `def` with
 * leaves `leaves` (numbers, or concrete tensors without requiresGrad of the given dtype and shape):
 * the signature check of the compiled function, without allocation.
 *
 * NOTE: tensors are checked on `_buf` (null for tracers), not the `_data` getter, which would turn a
 * number-stored scalar into a typed array.
 */
export function signatureChecks(def: TreeDef, root: string | PositionalRoot, leaves: readonly LeafSignature[]): string[] {
  const checks: string[] = [];
  let next = 0;
  const visit = (d: TreeDef, path: string): void => {
    switch (d.kind) {
      case "leaf": {
        const s = leaves[next++]!;
        if (s.kind === "number") checks.push(`typeof ${path} === "number"`);
        else {
          const dims = s.shape.map((n, i) => ` && ${path}.shape[${i}] === ${n}`).join("");
          checks.push(`${path} instanceof T && ${path}._buf !== null && !${path}.requiresGrad && ${path}.dtype === "${s.dtype}" && ${path}.shape.length === ${s.shape.length}${dims}`);
        }
        return;
      }
      case "none":
        checks.push(`${path} === ${d.value === null ? "null" : "undefined"}`);
        return;
      case "array":
        checks.push(`Array.isArray(${path}) && ${path}.length === ${d.children.length}`);
        d.children.forEach((c, i) => visit(c, `${path}[${i}]`));
        return;
      case "object":
        checks.push(`rt.isPlainObject(${path}, ${JSON.stringify(d.keys)})`);
        d.children.forEach((c, i) => visit(c, `${path}[${JSON.stringify(d.keys[i])}]`));
    }
  };
  if (typeof root === "string") visit(def, root);
  else if (def.kind === "array") {
    checks.push(`${root.count} === ${def.children.length}`);
    def.children.forEach((c, i) => visit(c, root.names[i]!));
  } else throw new Error(`compile: a positional argument list needs an array root, got ${def.kind}`);
  return checks.map((c) => `if (!(${c})) return rt.MISMATCH;`);
}

/** The JavaScript paths of a tree's leaves below `root`, in flattening order. */
export function leafPaths(def: TreeDef, root: string | PositionalRoot): string[] {
  if (typeof root !== "string") return def.kind === "array" ? def.children.flatMap((c, i) => leafPaths(c, root.names[i]!)) : [];
  switch (def.kind) {
    case "leaf":
      return [root];
    case "none":
      return [];
    case "array":
      return def.children.flatMap((c, i) => leafPaths(c, `${root}[${i}]`));
    case "object":
      return def.children.flatMap((c, i) => leafPaths(c, `${root}[${JSON.stringify(def.keys[i])}]`));
  }
}

/** JavaScript that builds a tree of structure `def` from leaf expressions (consumed in order). */
export function treeSource(def: TreeDef, leaves: readonly string[]): string {
  let i = 0;
  const build = (d: TreeDef): string => {
    switch (d.kind) {
      case "leaf":
        return leaves[i++]!;
      case "none":
        return d.value === null ? "null" : "undefined";
      case "array":
        return `[${d.children.map(build).join(", ")}]`;
      case "object":
        return `{ ${d.keys.map((k, j) => `${JSON.stringify(k)}: ${build(d.children[j]!)}`).join(", ")} }`;
    }
  };
  return build(def);
}
