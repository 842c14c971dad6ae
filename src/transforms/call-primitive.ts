import type { TreeDef } from "../core/tree.js";
import { evalInterpreter } from "../interpreters/eval.js";
import { bind, within } from "../primitives/bind.js";
import type { Primitive } from "../primitives/primitive.js";
import type { Tensor } from "../tensor/tensor.js";
import { atCallSite } from "./call-batching.js";
import { callWith, flattenValues, unflattenValues, type AnyFunction } from "./tree-values.js";

/** A user function on flat tensor lists, plus the output structure seen when it last ran. */
export interface FlatFunction {
  readonly name: string;
  readonly call: (xs: readonly Tensor[]) => Tensor[];
  outDef: TreeDef | null;
}

/**
 * Wraps a tree function as a flat one that records its output structure; `transform` is the public
 * function that wrapped it, named in errors about `f`'s output (`checkpoint(f) output: …`).
 */
export function flatFunction(f: AnyFunction, inDef: TreeDef, name: string, transform?: string): FlatFunction {
  const where = transform === undefined ? `${name} output` : `${transform}(${name}) output`;
  const ff: FlatFunction = {
    name,
    outDef: null,
    call: (xs) => {
      const out = callWith(f, unflattenValues(inDef, xs) as unknown[]);
      const [leaves, def] = flattenValues(out, where);
      ff.outDef = def;
      return leaves;
    },
  };
  return ff;
}

/** Runs user code at evaluation level (a call primitive's `impl`): nothing is recorded inside. */
export function evaluateFlat(fn: FlatFunction, args: readonly Tensor[]): Tensor[] {
  return within(evalInterpreter, () => fn.call(args));
}

/**
 * Applies a higher-order ("call") primitive to tree arguments: flattens them, binds the primitive
 * on the leaves and rebuilds the output tree.
 */
export function bindCall<P extends { fn: FlatFunction }>(prim: Primitive<P>, args: readonly unknown[], makeParams: (inDef: TreeDef) => P): unknown {
  const [leaves, inDef] = flattenValues(args, prim.name);
  const params = makeParams(inDef);
  const outs = atCallSite(() => bind(prim, leaves, params));
  return unflattenValues(params.fn.outDef!, outs);
}

