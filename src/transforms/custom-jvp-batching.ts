import { TransformError } from "../core/errors.js";
import type { TreeDef } from "../core/tree.js";
import type { Primitive } from "../primitives/primitive.js";
import type { Tensor } from "../tensor/tensor.js";
import { batchedFlatFunction, bindBatchedCall, ruleRandomness, vmapFlat } from "./call-batching.js";
import type { Randomness } from "../interpreters/batch.js";
import type { FlatFunction } from "./call-primitive.js";
import type { JvpRule } from "./custom-jvp.js";
import { flattenValues, unflattenValues } from "./tree-values.js";

/** The params of `customJvp` that its batching rule reads. */
interface JvpCallParams {
  readonly fn: FlatFunction;
  readonly inDef: TreeDef;
  readonly rule: JvpRule;
}

/**
 * Batching rule of `customJvp`: the same primitive with `f` and the user's rule each run under a
 * fresh vmap, so every transform of the batched call still uses the rule, per example
 * (`vmap(grad(f))` and `grad(vmap(f))` alike). NOTE: a tangent has its primal's shape, so it is
 * batched exactly when its primal is.
 */
export function batchCustomJvp<P extends JvpCallParams>(args: readonly Tensor[], batched: readonly boolean[], p: P, axisSize: number, prim: Primitive<P>, interp?: { readonly randomness: Randomness }): [Tensor[], boolean[]] {
  const randomness = ruleRandomness(interp);
  const rule: JvpRule = (primals, tangents) => {
    const [ps] = flattenValues(primals, `customJvp(${p.fn.name}) primals`);
    const [ts] = flattenValues(tangents, `customJvp(${p.fn.name}) tangents`);
    const k = ps.length;
    let outDef: TreeDef | null = null;
    let tanDef: TreeDef | null = null;
    let outCount = 0;
    const both = vmapFlat(
      (xs) => {
        const result = p.rule(unflattenValues(p.inDef, xs.slice(0, k)) as Tensor[], unflattenValues(p.inDef, xs.slice(k)) as Tensor[]);
        if (!Array.isArray(result) || result.length !== 2)
          throw new TransformError(`customJvp(${p.fn.name}): the rule must return [output, outputTangent]`);
        const [outs, od] = flattenValues(result[0], `customJvp(${p.fn.name}) rule output`);
        const [touts, td] = flattenValues(result[1], `customJvp(${p.fn.name}) rule tangent`);
        outDef = od;
        tanDef = td;
        outCount = outs.length;
        return [...outs, ...touts];
      },
      [...ps, ...ts],
      [...batched, ...batched],
      axisSize,
      randomness,
    );
    return [unflattenValues(outDef!, both.slice(0, outCount)), unflattenValues(tanDef!, both.slice(outCount))];
  };
  return bindBatchedCall(prim, args, p.fn, { ...p, fn: batchedFlatFunction(p.fn, batched, axisSize, randomness), rule });
}
