import { sizeOf } from "../core/shape.js";
import type { Tensor } from "../tensor/tensor.js";
import { Variable, type Atom } from "../trace/equation.js";
import type { Program } from "../trace/program.js";
import { crossPairs, emptySet, unionSets, type IndexSet } from "./index-set.js";
import type { SparsityDeps } from "./sparsity-rule.js";
import { sparsityRuleOf } from "./sparsity-rules.js";

/**
 * The index sets of one traced value, element by element: `g[e]` holds the inputs element e may
 * depend on (first order), `h[e]` the input pairs {i, j} (encoded min·n + max) whose second
 * derivative of element e may be nonzero, or `null` when only first order is tracked.
 */
export interface ElementSets {
  readonly g: readonly IndexSet[];
  readonly h: readonly IndexSet[] | null;
}

/** Sets of a value that depends on no input. */
function constantSets(value: Tensor, second: boolean): ElementSets {
  const g = new Array<IndexSet>(sizeOf(value.shape)).fill(emptySet);
  return { g, h: second ? g : null };
}

/**
 * Propagates index sets through `program`: abstract interpretation of the trace with one sparsity
 * rule per primitive. `n` is the number of input elements (for pair codes); with `second` the
 * second-order sets are tracked too (SparseConnectivityTracer.jl's Hessian tracer).
 */
export function propagateSets(program: Program, inputs: readonly ElementSets[], n: number, second: boolean): ElementSets[] {
  const env = new Map<Variable, ElementSets>();
  program.inputs.forEach((v, i) => env.set(v, inputs[i]!));
  const read = (a: Atom): ElementSets => (a instanceof Variable ? env.get(a)! : constantSets(a.value, second));
  for (const eq of program.equations) {
    const values = eq.inputs.map((a) => a.value);
    const deps = sparsityRuleOf(eq.prim)({
      values,
      variable: eq.inputs.map((a) => a instanceof Variable),
      outs: eq.outputs.map((o) => ({ shape: o.value.shape, dtype: o.value.dtype })),
      params: eq.params,
    });
    const ins = eq.inputs.map(read);
    let programOuts: ElementSets[] | null = null;
    eq.outputs.forEach((o, k) => {
      const d = deps[k]!;
      if (d.kind === "program") {
        programOuts ??= propagateSets(d.program, ins, n, second);
        env.set(o, programOuts[k]!);
      } else env.set(o, combine(d, ins, sizeOf(o.value.shape), n, second));
    });
  }
  return program.outputs.map(read);
}

/** The sets of one output from its dependencies (first order: unions; second order: by the interaction). */
function combine(d: Exclude<SparsityDeps, { kind: "program" }>, ins: readonly ElementSets[], size: number, n: number, second: boolean): ElementSets {
  const g = new Array<IndexSet>(size).fill(emptySet);
  const h: IndexSet[] | null = second ? new Array<IndexSet>(size).fill(emptySet) : null;
  if (d.kind === "zero") return { g, h };
  if (d.kind === "products") {
    const [a, b] = ins as [ElementSets, ElementSets];
    for (let e = 0; e < size; e++) {
      const gs: IndexSet[] = [];
      const hs: IndexSet[] = [];
      for (let k = d.ptr[e]!; k < d.ptr[e + 1]!; k++) {
        const ga = a.g[d.a[k]!]!;
        const gb = b.g[d.b[k]!]!;
        gs.push(ga, gb);
        if (h !== null) hs.push(a.h![d.a[k]!]!, b.h![d.b[k]!]!, crossPairs(ga, gb, n));
      }
      g[e] = unionSets(gs);
      if (h !== null) h[e] = unionSets(hs);
    }
    return { g, h };
  }
  for (let e = 0; e < size; e++) {
    const gs: IndexSet[] = [];
    for (let k = d.ptr[e]!; k < d.ptr[e + 1]!; k++) gs.push(ins[d.arg[k]!]!.g[d.idx[k]!]!);
    const ge = unionSets(gs);
    g[e] = ge;
    if (h === null) continue;
    const hs: IndexSet[] = [];
    for (let k = d.ptr[e]!; k < d.ptr[e + 1]!; k++) hs.push(ins[d.arg[k]!]!.h![d.idx[k]!]!);
    if (d.interaction === "nonlinear") hs.push(crossPairs(ge, ge, n));
    else if (d.interaction === "mul" || d.interaction === "div") {
      const byArg = (j: number) => {
        const s: IndexSet[] = [];
        for (let k = d.ptr[e]!; k < d.ptr[e + 1]!; k++) if (d.arg[k] === j) s.push(ins[j]!.g[d.idx[k]!]!);
        return unionSets(s);
      };
      const [g0, g1] = [byArg(0), byArg(1)];
      hs.push(crossPairs(g0, g1, n));
      // a/b = a·(1/b): 1/b is nonlinear in b.
      if (d.interaction === "div") hs.push(crossPairs(g1, g1, n));
    }
    h[e] = unionSets(hs);
  }
  return { g, h };
}
