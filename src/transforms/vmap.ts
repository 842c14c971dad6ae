import { ArgumentError, TransformError } from "../core/errors.js";
import { leafPath, showPath, type TreeDef } from "../core/tree.js";
import { argumentError, checkFunction, checkInteger } from "../core/validate.js";
import { BatchInterpreter, type Randomness } from "../interpreters/batch.js";
import { materializeBatch, moveAxis } from "../primitives/batching.js";
import { currentInterpreter, within } from "../primitives/bind.js";
import type { Tensor } from "../tensor/tensor.js";
import { checkTransformOptions } from "./argnums.js";
import { callWith, flattenValues, unflattenValues, type AnyFunction, type Loosen, type TensorTree } from "./tree-values.js";
import { checkAxisTree, leafAxes, mapBatchedArg, normalizeAxis, type AxisTree } from "./vmap-axes.js";

export type { AxisTree } from "./vmap-axes.js";
export type { Randomness } from "../interpreters/batch.js";

/** Options of `vmap`. */
export interface VmapOptions {
  /**
   * The batch axis of each argument (default 0): one entry for all arguments, or an array with one
   * entry per argument, each an axis, `null` (not batched: every example sees the same value) or a
   * tree of those matching the argument. Negative axes count from the end.
   */
  inAxes?: AxisTree;
  /** Where the batch axis goes in each output (default 0): an axis, or a tree matching `f`'s output; `null` only for outputs that do not depend on the batch. */
  outAxes?: AxisTree;
  /** The batch size; needed only when no argument is batched, checked against the arguments otherwise. */
  axisSize?: number;
  /**
   * Random samplers inside `f`: `"error"` (default) raises, `"different"` draws independently for
   * each example (from keys folded with the example's index), `"same"` shares one draw.
   */
  randomness?: Randomness;
}

/** What `vmap(f)` returns: `f` over a batch, the batch axis added to every output. */
export type VmappedFn<F extends AnyFunction> = (...args: Loosen<Parameters<F>>) => TensorTree<ReturnType<F>>;

const optionNames = ["inAxes", "outAxes", "axisSize", "randomness"] as const;

/**
 * The batching transform: `vmap(f)` runs `f`, written for one example, on a batch at once — as if
 * `f` were applied to every slice along the batch axis and the results stacked, but as one program
 * of batched operations (no loop). Composes with every transform in any order: `vmap(grad(f))` gives
 * per-example gradients, `grad(vmap(f))`, nested `vmap`, `compile(vmap(f))`.
 *
 * @example
 * const dot = (a: Tensor, b: Tensor) => sum(mul(a, b));
 * vmap(dot)(tensor([[1, 2], [3, 4]]), tensor([[1, 1], [2, 2]])); // [3, 14]
 * vmap(dot, { inAxes: [0, null] })(tensor([[1, 2], [3, 4]]), tensor([1, 1])); // [3, 7]
 */
export function vmap<F extends AnyFunction>(f: F, opts?: VmapOptions): VmappedFn<F>;
export function vmap(f: unknown, opts?: unknown): (...args: unknown[]) => unknown {
  const fn = checkFunction<AnyFunction>(f, "vmap", "f");
  const o = checkTransformOptions<VmapOptions>(opts, "vmap", optionNames);
  const inAxes = o.inAxes === undefined ? 0 : checkAxisTree(o.inAxes, "vmap", "options.inAxes");
  const outAxes = o.outAxes === undefined ? 0 : checkAxisTree(o.outAxes, "vmap", "options.outAxes");
  const fixedSize = o.axisSize === undefined ? undefined : checkInteger(o.axisSize, "vmap", "options.axisSize", 0);
  const randomness = o.randomness ?? "error";
  if (randomness !== "error" && randomness !== "different" && randomness !== "same")
    throw argumentError("vmap", "options.randomness", `"error", "different" or "same"`, randomness);
  return (...args: unknown[]) => {
    if (Array.isArray(inAxes) && inAxes.length !== args.length)
      throw new ArgumentError(
        `vmap: options.inAxes is an array of ${inAxes.length} entries (one per argument), but f was called with ${args.length} argument(s); ` +
          `use a single axis to batch every argument the same way`,
      );
    const argAxes = (k: number): AxisTree => (Array.isArray(inAxes) ? (inAxes[k] as AxisTree) : inAxes);
    const axisSize = batchSize(args, argAxes, fixedSize);
    const interp = new BatchInterpreter(currentInterpreter(), axisSize, randomness);
    try {
      const lifted = args.map((a, k) =>
        mapBatchedArg(a, argAxes(k), `argument ${k}`, (t, axis) => interp.lift(moveAxis(t, normalizeAxis(axis, t.ndim, "", "inAxes"), 0))),
      );
      const out = within(interp, () => callWith(fn, lifted));
      const [leaves, def] = flattenValues(out, "vmap(f) output");
      const axes = leafAxes(def, outAxes);
      const results = leaves.map((t, i) => unbatchOutput(t, axes[i]!, interp, def, i));
      return unflattenValues(def, results);
    } finally {
      interp.active = false;
    }
  };
}

/** The batch size: the common length of every batched argument's batch axis, or `axisSize`. */
function batchSize(args: readonly unknown[], argAxes: (k: number) => AxisTree, fixed: number | undefined): number {
  let size = fixed;
  let first = fixed === undefined ? "" : "options.axisSize";
  args.forEach((a, k) =>
    mapBatchedArg(a, argAxes(k), `argument ${k}`, (t, axis, path) => {
      const where = `argument ${k}${path.length > 0 ? ` at ${showPath(path)}` : ""} (shape [${t.shape.join(", ")}])`;
      const ax = normalizeAxis(axis, t.ndim, where, "inAxes");
      const n = t.shape[ax]!;
      if (size === undefined) {
        size = n;
        first = `${where} axis ${ax}`;
      } else if (n !== size)
        throw new ArgumentError(`vmap: inconsistent batch sizes: ${first} has size ${size}, but ${where} axis ${ax} has size ${n}`);
      return t;
    }),
  );
  if (size === undefined)
    throw new ArgumentError("vmap: no argument is batched (every inAxes entry is null or there are no tensors); pass options.axisSize to say how many examples to make");
  return size;
}

/** One output leaf with the batch moved to its out axis (an unbatched leaf repeated along the batch). */
function unbatchOutput(t: Tensor, axis: number | null, interp: BatchInterpreter, def: TreeDef, i: number): Tensor {
  const isBatched = t._owner === interp;
  if (axis === null) {
    if (isBatched) {
      const path = def.kind === "leaf" ? "" : ` at ${showPath(leafPath(def, i))}`;
      throw new TransformError(`vmap: the output${path} differs between examples, but outAxes is null for it; give it an axis`);
    }
    return t;
  }
  const batch = isBatched ? t._primal! : materializeBatch(t, interp.axisSize);
  return moveAxis(batch, 0, normalizeAxis(axis, batch.ndim, `an output of shape [${t.shape.join(", ")}]`, "outAxes"));
}
