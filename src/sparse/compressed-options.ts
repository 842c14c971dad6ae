import { ArgumentError, ShapeError } from "../core/errors.js";
import { argumentError, checkOptions } from "../core/validate.js";
import type { Coloring, ColoringKind } from "./coloring.js";
import { SparsityPattern } from "./sparsity-pattern.js";
import { vertexOrders, type VertexOrder } from "./vertex-order.js";

/** Options of `sparseJacobian` and `sparseHessian`. */
export interface SparseOptions {
  /** A known pattern (skips detection); it must contain every nonzero, or entries are lost. */
  sparsity?: SparsityPattern;
  /**
   * `"auto"` (default: whichever of forward, reverse and bidirectional needs the fewest passes),
   * `"forward"` (JVPs), `"reverse"` (VJPs), `"bidirectional"` (both, by a star bicoloring). Jacobians only.
   */
  mode?: "auto" | "forward" | "reverse" | "bidirectional";
  /** The vertex order of the greedy coloring (default: the order giving the fewest colors), or a coloring made by `coloring`. */
  coloring?: VertexOrder | Coloring;
}

/** Checks the options of `fn`; `kinds` are the coloring kinds it can use. */
export function checkSparseOptions(value: unknown, fn: string, kinds: readonly ColoringKind[]): SparseOptions {
  const o = checkOptions<SparseOptions>(value, fn, "opts");
  const allowed = kinds.includes("star") ? ["sparsity", "coloring"] : ["sparsity", "mode", "coloring"];
  for (const key of Object.keys(o))
    if (!allowed.includes(key)) throw argumentError(fn, "opts", `an object with keys among ${allowed.join(", ")}`, `an object with key "${key}"`);
  if (o.sparsity !== undefined && !(o.sparsity instanceof SparsityPattern))
    throw argumentError(fn, "opts.sparsity", "a SparsityPattern (from jacobianSparsity or hessianSparsity)", o.sparsity);
  if (o.mode !== undefined && o.mode !== "auto" && o.mode !== "forward" && o.mode !== "reverse" && o.mode !== "bidirectional")
    throw argumentError(fn, "opts.mode", '"auto", "forward", "reverse" or "bidirectional"', o.mode);
  const c = o.coloring;
  if (c !== undefined && typeof c !== "object") {
    if (!vertexOrders.includes(c)) throw argumentError(fn, "opts.coloring", `a vertex order (${vertexOrders.join(", ")}) or a coloring`, c);
  } else if (c !== undefined) {
    if (c === null || !(c.colors instanceof Int32Array) || !kinds.includes(c.kind))
      throw argumentError(fn, "opts.coloring", `a vertex order or a coloring of kind ${kinds.map((k) => `"${k}"`).join(" or ")}`, c);
    const need = o.mode === "forward" ? "column" : o.mode === "reverse" ? "row" : o.mode === "bidirectional" ? "bidirectional" : c.kind;
    if (c.kind !== need) throw new ArgumentError(`${fn}: opts.coloring must be a "${need}" coloring for mode "${o.mode}", got a "${c.kind}" coloring`);
  }
  return o;
}

/** Checks that a given coloring fits the pattern (one color per column or row, or per column and row). */
export function checkColoringFits(fn: string, c: Coloring, pattern: SparsityPattern): void {
  const want = c.kind === "row" ? pattern.shape[0] : c.kind === "bidirectional" ? pattern.shape[0] + pattern.shape[1] : pattern.shape[1];
  if (c.colors.length !== want)
    throw new ShapeError(`${fn}: opts.coloring has ${c.colors.length} colors for a ${pattern.shape[0]}×${pattern.shape[1]} pattern; a ${c.kind} coloring needs ${want}`);
}
