import { sizeOf } from "../../core/shape.js";
import { bind } from "../../primitives/bind.js";
import type { Tensor } from "../../tensor/tensor.js";
import { Variable, type Equation } from "../../trace/equation.js";
import { Program } from "../../trace/program.js";
import type { IndexSet } from "../index-set.js";
import { propagateSets, type ElementSets } from "../propagate.js";
import { sparseJacobian } from "../sparse-jacobian.js";
import { SparsityPattern } from "../sparsity-pattern.js";

/**
 * The local partial derivatives of one equation of a trace: the edges of the linearised
 * computational graph that end at its outputs' elements.
 */
export interface LocalPartials {
  /** The distinct variable operands (the columns are their elements, concatenated). */
  readonly operands: readonly Variable[];
  /** The first column of each operand. */
  readonly offsets: readonly number[];
  /** Rows: the outputs' elements, concatenated; an entry where an output element structurally depends on an operand element. */
  readonly pattern: SparsityPattern;
  /** ∂row/∂column at each entry of `pattern` (at the traced values), or null when only the structure was asked for. */
  readonly values: Float64Array | null;
}

/**
 * The local partials of `eq` (a line of `program`): the structure from the primitive's sparsity
 * rule (so it holds for all values), the values by compressed JVPs of the primitive at the traced
 * operands (one JVP per color of the local pattern: one for an elementwise op).
 *
 * NOTE: the structure is the sparsity rule's, not the nonzeros of the values: ∂(x·y)/∂x is an edge
 * even where y = 0, so counts depend only on the trace's structure.
 * NOTE: the local pattern is colored in natural order only: one primitive's pattern is diagonal,
 * dense or banded, where greedy natural order is optimal or close, and trying every order per
 * equation costs more than the JVPs it could save.
 */
export function localPartials(eq: Equation, program: Program, withValues: boolean): LocalPartials {
  const operands = [...new Set(eq.inputs.filter((a): a is Variable => a instanceof Variable))];
  const offsets: number[] = [];
  let n = 0;
  for (const v of operands) {
    offsets.push(n);
    n += sizeOf(v.value.shape);
  }
  const unit = operands.map((v, i): ElementSets => ({ g: Array.from({ length: sizeOf(v.value.shape) }, (_, e): IndexSet => [offsets[i]! + e]), h: null }));
  const one = new Program(operands, [eq], eq.outputs, program.inputDef, program.outputDef);
  const rows: number[] = [];
  const cols: number[] = [];
  let r = 0;
  for (const out of propagateSets(one, unit, n, false))
    for (const g of out.g) {
      for (const c of g) {
        rows.push(r);
        cols.push(c);
      }
      r++;
    }
  const pattern = new SparsityPattern([r, n], Int32Array.from(rows), Int32Array.from(cols));
  if (!withValues || pattern.nnz === 0) return { operands, offsets, pattern, values: withValues ? new Float64Array(0) : null };
  const apply = (...xs: Tensor[]): Tensor[] =>
    bind(eq.prim, eq.inputs.map((a) => (a instanceof Variable ? xs[operands.indexOf(a)]! : a.value)), eq.params);
  const values = sparseJacobian(apply, { sparsity: pattern, coloring: "natural" })(...operands.map((v) => v.value)).values;
  return { operands, offsets, pattern, values };
}
