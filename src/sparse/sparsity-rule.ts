import type { Aval } from "../primitives/primitive.js";
import type { Tensor } from "../tensor/tensor.js";
import type { Program } from "../trace/program.js";
import type { DependencyLists } from "./index-maps.js";

/**
 * How second derivatives arise in an output element from its dependencies: `linear` (none beyond
 * the inputs' own), `nonlinear` (every pair of dependencies interacts), `mul` (a·b: pairs across the
 * two arguments), `div` (a/b: pairs across, and pairs within b).
 */
export type Interaction = "linear" | "nonlinear" | "mul" | "div";

/** What one output of a primitive depends on, element by element. */
export type SparsityDeps =
  | { readonly kind: "zero" }
  | ({ readonly kind: "lists"; readonly interaction: Interaction } & DependencyLists)
  /** Bilinear sums (matmul): output e is Σ a[pa[k]]·b[pb[k]] over k in ptr[e] … ptr[e+1]. */
  | { readonly kind: "products"; readonly ptr: Int32Array; readonly a: Int32Array; readonly b: Int32Array }
  /** A call primitive: the dependencies are those of the traced body. */
  | { readonly kind: "program"; readonly program: Program };

/** What a sparsity rule sees of one equation: its operands' recorded values and whether each depends on the inputs. */
export interface RuleInput {
  readonly values: readonly Tensor[];
  /** True where the operand is a variable of the trace (depends on the inputs), false for constants. */
  readonly variable: readonly boolean[];
  readonly outs: readonly Aval[];
  readonly params: unknown;
}

/**
 * A primitive's sparsity rule: which input elements each output element may depend on, for all
 * input values (a global pattern), from shapes, params and constant operands only.
 */
export type SparsityRule = (input: RuleInput) => SparsityDeps[];
