import { ShapeError } from "../core/errors.js";
import { sizeOf } from "../core/shape.js";
import { argumentError, checkFunction } from "../core/validate.js";
import { traceProgram } from "../trace/trace.js";
import type { AnyFunction, Loosen } from "../transforms/tree-values.js";
import type { IndexSet } from "./index-set.js";
import { propagateSets, type ElementSets } from "./propagate.js";
import { SparsityPattern } from "./sparsity-pattern.js";

/** Traces `f` at `args` and propagates index sets from its inputs; returns the output sets and the input count. */
function detect(f: unknown, args: readonly unknown[], fn: string, second: boolean): { outs: ElementSets[]; n: number } {
  checkFunction(f, fn, "f");
  if (args.length === 0) throw argumentError(fn, "args", "at least one argument to trace f at", args);
  const program = traceProgram(f as AnyFunction, args, {}, fn);
  let n = 0;
  const offsets = program.inputs.map((v) => {
    const o = n;
    n += sizeOf(v.value.shape);
    return o;
  });
  const inputs = program.inputs.map((v, i): ElementSets => {
    const g = Array.from({ length: sizeOf(v.value.shape) }, (_, e): IndexSet => [offsets[i]! + e]);
    return { g, h: second ? g.map(() => []) : null };
  });
  return { outs: propagateSets(program, inputs, n, second), n };
}

/**
 * The sparsity pattern of the Jacobian of `f` at `args`: row i (an element of the flattened
 * outputs) has a nonzero in column j (an element of the flattened arguments, concatenated) where
 * output i may depend on input j. Found by abstract interpretation of the trace with index sets, so
 * it does not depend on the values, except through the branches `f` takes at `args` (a trace records
 * only those: branch with `where` for a pattern valid everywhere).
 *
 * @example
 * jacobianSparsity((x: Tensor) => mul(x, x), tensor([1, 2, 3])).nnz; // 3 (diagonal)
 */
export function jacobianSparsity<F extends AnyFunction>(f: F, ...args: Loosen<Parameters<F>>): SparsityPattern;
export function jacobianSparsity(f: unknown, ...args: unknown[]): SparsityPattern {
  const { outs, n } = detect(f, args, "jacobianSparsity", false);
  const rows: number[] = [];
  const cols: number[] = [];
  let r = 0;
  for (const o of outs)
    for (const g of o.g) {
      for (const c of g) {
        rows.push(r);
        cols.push(c);
      }
      r++;
    }
  return new SparsityPattern([r, n], Int32Array.from(rows), Int32Array.from(cols));
}

/**
 * The sparsity pattern of the Hessian of a scalar `f` at `args` (over the flattened arguments,
 * concatenated): second-order index sets record which pairs of inputs interact nonlinearly
 * (SparseConnectivityTracer.jl's method). Global, up to the branches taken at `args`.
 *
 * @example
 * hessianSparsity((x: Tensor) => sum(mul(x, x)), tensor([1, 2, 3])).nnz; // 3 (diagonal)
 */
export function hessianSparsity<F extends AnyFunction>(f: F, ...args: Loosen<Parameters<F>>): SparsityPattern;
export function hessianSparsity(f: unknown, ...args: unknown[]): SparsityPattern {
  const { outs, n } = detect(f, args, "hessianSparsity", true);
  const size = outs.reduce((t, o) => t + o.g.length, 0);
  if (size !== 1) throw new ShapeError(`hessianSparsity: f must return one number (a scalar), got ${outs.length} output(s) with ${size} elements`);
  const h = outs.find((o) => o.g.length === 1)!.h![0]!;
  const rows: number[] = [];
  const cols: number[] = [];
  for (const code of h) {
    const i = Math.floor(code / n);
    const j = code - i * n;
    rows.push(i);
    cols.push(j);
    if (i !== j) {
      rows.push(j);
      cols.push(i);
    }
  }
  return SparsityPattern.fromCoordinates([n, n], rows, cols);
}
