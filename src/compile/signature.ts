import type { DType } from "../core/dtype.js";
import type { Shape } from "../core/shape.js";
import { flatten, type TreeDef } from "../core/tree.js";
import { Tensor } from "../tensor/tensor.js";

/** One leaf of an argument signature: a JS number (a float64 scalar) or a tensor's shape and dtype. */
export type LeafSignature = { readonly kind: "number" } | { readonly kind: "tensor"; readonly shape: Shape; readonly dtype: DType };

/** What a compiled function is specialised to: the argument tree's structure and each leaf's shape and dtype. */
export interface Signature {
  readonly def: TreeDef;
  readonly leaves: readonly LeafSignature[];
  /** A string equal for equal signatures (the cache key). */
  readonly key: string;
}

const isLeaf = (x: unknown): x is Tensor | number => x instanceof Tensor || typeof x === "number";

/**
 * The signature of a call's arguments, and whether it can run compiled: false when a leaf is a
 * tracer of a transform in progress or requires gradients (the primitives must then be seen).
 * NOTE: tracers are told by `_buf` (null), not the `_data` getter, which would give a
 * number-stored scalar a typed array.
 */
export function signatureOf(args: readonly unknown[]): [Signature, boolean] {
  const [values, def] = flatten(args, isLeaf, "compile arguments");
  let concrete = true;
  const leaves = values.map((v): LeafSignature => {
    if (typeof v === "number") return { kind: "number" };
    if (v._buf === null || v.requiresGrad) concrete = false;
    return { kind: "tensor", shape: v.shape.slice(), dtype: v.dtype };
  });
  const key = JSON.stringify([def, leaves.map((l) => (l.kind === "number" ? "n" : `${l.dtype}[${l.shape.join(",")}]`))]);
  return [{ def, leaves, key }, concrete];
}

let cursor = 0;

/**
 * True when `args` have signature `sig` and are concrete tensors without `requiresGrad` (or
 * numbers): the compiled code may run on them. Allocates nothing (the per-call fast path).
 */
export function matchesSignature(sig: Signature, args: readonly unknown[]): boolean {
  cursor = 0;
  return matchTree(sig.def, args, sig.leaves);
}

function matchTree(def: TreeDef, x: unknown, leaves: readonly LeafSignature[]): boolean {
  switch (def.kind) {
    case "leaf": {
      const s = leaves[cursor++]!;
      if (s.kind === "number") return typeof x === "number";
      if (!(x instanceof Tensor) || x._buf === null || x.requiresGrad || x.dtype !== s.dtype) return false;
      const shape = x.shape;
      if (shape.length !== s.shape.length) return false;
      for (let i = 0; i < shape.length; i++) if (shape[i] !== s.shape[i]) return false;
      return true;
    }
    case "none":
      return x === def.value;
    case "array": {
      if (!Array.isArray(x) || x.length !== def.children.length) return false;
      for (let i = 0; i < x.length; i++) if (!matchTree(def.children[i]!, x[i], leaves)) return false;
      return true;
    }
    case "object": {
      if (x === null || typeof x !== "object") return false;
      const proto = Object.getPrototypeOf(x) as unknown;
      if (proto !== Object.prototype && proto !== null) return false;
      const o = x as Record<string, unknown>;
      let n = 0;
      for (const k in o) if (Object.prototype.hasOwnProperty.call(o, k)) n++;
      if (n !== def.keys.length) return false;
      for (let i = 0; i < def.keys.length; i++) {
        const k = def.keys[i]!;
        if (!Object.prototype.hasOwnProperty.call(o, k) || !matchTree(def.children[i]!, o[k], leaves)) return false;
      }
      return true;
    }
  }
}
