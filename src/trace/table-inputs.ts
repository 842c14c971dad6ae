import { TransformError } from "../core/errors.js";
import { inFunction } from "../core/validate.js";
import { showTreeDef, treeDefsEqual, type TreeDef } from "../core/tree.js";
import type { MaybeTensor } from "../primitives/primitive.js";
import type { Tensor } from "../tensor/tensor.js";
import { checkTangent } from "../transforms/jvp.js";
import { flattenValues, type AnyFunction } from "../transforms/tree-values.js";
import { Program } from "./program.js";
import { traceProgram, type TraceOptions } from "./trace.js";

/** Options of `forwardTable` and `reverseTable`. */
export interface TableOptions extends TraceOptions {
  /** Decimals of the printed values (default 3). */
  digits?: number;
}

/** Traces `f` at `args`, or re-traces a program there (keeping its input names). */
export function programAt(f: AnyFunction | Program, args: readonly unknown[], opts: TableOptions, where: string): Program {
  if (!Array.isArray(args)) throw new TransformError(`${where}: args must be an array with one entry per argument of f, got ${typeof args}`);
  // NOTE: errors from f (called with the wrong arguments, say) are renamed to the table function.
  if (f instanceof Program) return inFunction(where, () => traceProgram(f.evaluate, args, { names: f.inputs.map((v) => v.name ?? "x"), ...opts }, where));
  if (typeof f !== "function") throw new TransformError(`${where}: expected a function or a Program, got ${typeof f}`);
  return inFunction(where, () => traceProgram(f, args, opts, where));
}

/**
 * Flattens tangents (or cotangents) that must mirror `def` and fit `values` one to one; `null`
 * for values that are not floats.
 */
export function seedsFor(seeds: unknown, def: TreeDef, values: readonly Tensor[], where: string, what: string): MaybeTensor[] {
  const [leaves, sdef] = flattenValues(seeds, `${where} ${what}`);
  if (!treeDefsEqual(sdef, def))
    throw new TransformError(`${where}: ${what} must mirror ${what === "tangents" ? "the arguments" : "the outputs of f"}: got ${showTreeDef(sdef)} for ${showTreeDef(def)}`);
  return leaves.map((t, i) => checkTangent(values[i]!, t, i, `${where} ${what}`));
}
