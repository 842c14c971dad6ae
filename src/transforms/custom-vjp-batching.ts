import { TransformError } from "../core/errors.js";
import type { TreeDef } from "../core/tree.js";
import type { Primitive } from "../primitives/primitive.js";
import { sum } from "../primitives/reduce/sum.js";
import { Tensor } from "../tensor/tensor.js";
import { batchedFlatFunction, bindBatchedCall, ruleRandomness, vmapFlat } from "./call-batching.js";
import type { Randomness } from "../interpreters/batch.js";
import type { FlatFunction } from "./call-primitive.js";
import type { VjpBackward, VjpForward } from "./custom-vjp.js";
import { callWith, flattenValues, unflattenValues } from "./tree-values.js";

/** The params of `customVjp` that its batching rule reads. */
interface VjpCallParams {
  readonly fn: FlatFunction;
  readonly inDef: TreeDef;
  readonly fwd: VjpForward;
  readonly bwd: VjpBackward;
}

/** The tensors of a residual tree (arrays and plain objects are walked; anything else is kept as it is). */
function residualTensors(tree: unknown, into: Tensor[]): void {
  if (tree instanceof Tensor) into.push(tree);
  else if (Array.isArray(tree)) for (const c of tree) residualTensors(c, into);
  else if (tree !== null && typeof tree === "object" && Object.getPrototypeOf(tree) === Object.prototype)
    for (const c of Object.values(tree)) residualTensors(c, into);
}

/** `tree` with its tensors replaced, in `residualTensors` order, by `leaves`. */
function replaceTensors(tree: unknown, leaves: readonly Tensor[], at = { i: 0 }): unknown {
  if (tree instanceof Tensor) return leaves[at.i++];
  if (Array.isArray(tree)) return tree.map((c) => replaceTensors(c, leaves, at));
  if (tree !== null && typeof tree === "object" && Object.getPrototypeOf(tree) === Object.prototype)
    return Object.fromEntries(Object.entries(tree).map(([k, c]) => [k, replaceTensors(c, leaves, at)]));
  return tree;
}

/**
 * Batching rule of `customVjp`: the same primitive with `f`, `fwd` and `bwd` each run under a fresh
 * vmap, so reverse mode of the batched call uses the user's `bwd` per example. The residuals' tensors
 * carry the batch on axis 0 (other residual values pass through); the cotangent of an unbatched
 * argument is the sum of its per-example cotangents (every example used the same value).
 */
export function batchCustomVjp<P extends VjpCallParams>(args: readonly Tensor[], batched: readonly boolean[], p: P, axisSize: number, prim: Primitive<P>, interp?: { readonly randomness: Randomness }): [Tensor[], boolean[]] {
  const randomness = ruleRandomness(interp);
  const name = p.fn.name;
  let template: unknown = null;
  let outDef: TreeDef | null = null;
  const fwd = ((...xs: unknown[]) => {
    const [flat] = flattenValues(xs, `customVjp(${name}) arguments`);
    let outCount = 0;
    const all = vmapFlat(
      (lane) => {
        const result = callWith(p.fwd, unflattenValues(p.inDef, lane) as unknown[]);
        if (!Array.isArray(result) || result.length !== 2) throw new TransformError(`customVjp(${name}): fwd must return [output, residuals]`);
        const [outs, od] = flattenValues(result[0], `customVjp(${name}) fwd output`);
        const res: Tensor[] = [];
        residualTensors(result[1], res);
        template = result[1];
        outDef = od;
        outCount = outs.length;
        return [...outs, ...res];
      },
      flat,
      batched,
      axisSize,
      randomness,
    );
    return [unflattenValues(outDef!, all.slice(0, outCount)), replaceTensors(template, all.slice(outCount))];
  }) as unknown as VjpForward;
  const bwd = ((residuals: unknown, cotangent: unknown) => {
    const res: Tensor[] = [];
    residualTensors(residuals, res);
    const [cts] = flattenValues(cotangent, `customVjp(${name}) cotangent`);
    const grads = vmapFlat(
      (lane) => {
        const r = replaceTensors(template, lane.slice(0, res.length));
        const result = (p.bwd as (r: unknown, c: unknown) => readonly unknown[])(r, unflattenValues(outDef!, lane.slice(res.length)));
        const [flat] = flattenValues(result, `customVjp(${name}) bwd result`);
        if (!Array.isArray(result) || flat.length !== args.length)
          throw new TransformError(`customVjp(${name}): bwd must return an array with one cotangent per argument of f (${args.length} leaves), got ${flat.length}`);
        return flat;
      },
      [...res, ...cts],
      [...res, ...cts].map(() => true),
      axisSize,
      randomness,
    );
    return grads.map((g, i) => (batched[i] ? g : sum(g, [0])));
  }) as unknown as VjpBackward;
  return bindBatchedCall(prim, args, p.fn, { ...p, fn: batchedFlatFunction(p.fn, batched, axisSize, randomness), fwd, bwd });
}
