import { sizeOf } from "../../core/shape.js";
import { Variable } from "../../trace/equation.js";
import type { Program } from "../../trace/program.js";
import { localPartials } from "./local-partials.js";

/**
 * The linearised computational graph of a trace, element by element (Griewank & Walther ch. 9):
 * one vertex per scalar (each element of each input and intermediate), an edge j → i labelled with
 * the local partial c_ij = ∂v_i/∂v_j. Vertices are numbered in evaluation order (a topological
 * order): the n input elements first.
 */
export interface LinearizedGraph {
  /** The number of input elements: vertices 0 … n−1. */
  readonly n: number;
  /** The number of vertices. */
  readonly size: number;
  /** preds[i]: the predecessors j of vertex i with their labels c_ij (NaN when only the structure was built). */
  readonly preds: Map<number, number>[];
  /** succs[j]: the successors of vertex j. */
  readonly succs: Set<number>[];
  /** The vertex of each output element (flattened outputs, concatenated), or −1 for an element that is a constant. */
  readonly outputs: Int32Array;
  /** The vertices to eliminate: neither inputs nor outputs, on some path from an input to an output; ascending. */
  readonly intermediates: Int32Array;
  /** For a copy vertex (see `linearizedGraph`), the vertex it copies; −1 otherwise. */
  readonly copyOf: Int32Array;
  /** The Griewank–Walther index of the program variable each vertex is an element of. */
  readonly variableOf: Int32Array;
  /** The number of edges, copy edges excluded: |E|. */
  readonly edges: number;
}

/**
 * Builds the linearised graph of `program`, with the local partials' values when `withValues`.
 *
 * NOTE: vertices that lie on no path from an input to an output are dropped (their elimination
 * would cost nothing, and their edges are not part of the Jacobian's computation). An output
 * element that is also an input, appears twice among the outputs, or is used by later vertices
 * gets a copy vertex y′ with one edge y → y′ labelled 1, so dependent vertices have no successors
 * as elimination requires (G&W's convention); multiplications by a copy edge are not counted.
 */
export function linearizedGraph(program: Program, withValues: boolean): LinearizedGraph {
  const first = new Map<Variable, number>();
  const variableOf: number[] = [];
  let size = 0;
  const place = (v: Variable): void => {
    first.set(v, size);
    for (let e = sizeOf(v.value.shape); e > 0; e--) variableOf.push(v.index);
    size += sizeOf(v.value.shape);
  };
  program.inputs.forEach(place);
  const n = size;
  for (const eq of program.equations) eq.outputs.forEach(place);
  const preds = Array.from({ length: size }, () => new Map<number, number>());
  for (const eq of program.equations) {
    const local = localPartials(eq, program, withValues);
    const colVertex = new Int32Array(local.pattern.shape[1]);
    local.operands.forEach((v, i) => {
      for (let e = sizeOf(v.value.shape) - 1; e >= 0; e--) colVertex[local.offsets[i]! + e] = first.get(v)! + e;
    });
    const rowVertex = first.get(eq.outputs[0]!)!; // an equation's outputs are placed consecutively
    const { rows, cols } = local.pattern;
    for (let k = 0; k < rows.length; k++) preds[rowVertex + rows[k]!]!.set(colVertex[cols[k]!]!, local.values === null ? NaN : local.values[k]!);
  }
  const outs: number[] = [];
  for (const a of program.outputs) {
    const count = sizeOf(a.value.shape);
    for (let e = 0; e < count; e++) outs.push(a instanceof Variable ? first.get(a)! + e : -1);
  }
  // Keep the vertices reachable from an input that reach an output (ids are a topological order).
  const from = new Uint8Array(size);
  const to = new Uint8Array(size);
  for (let i = 0; i < size; i++) {
    if (i < n) from[i] = 1;
    else for (const j of preds[i]!.keys()) if (from[j]) from[i] = 1;
  }
  for (const o of outs) if (o >= 0) to[o] = 1;
  for (let i = size - 1; i >= 0; i--) if (to[i]) for (const j of preds[i]!.keys()) to[j] = 1;
  const succs = Array.from({ length: size }, () => new Set<number>());
  let edges = 0;
  for (let i = 0; i < size; i++) {
    if (!(from[i] && to[i])) {
      preds[i]!.clear();
      continue;
    }
    for (const j of [...preds[i]!.keys()]) {
      if (from[j] && to[j]) {
        succs[j]!.add(i);
        edges++;
      } else preds[i]!.delete(j);
    }
  }
  const copyOf: number[] = new Array<number>(size).fill(-1);
  const isOutput = new Uint8Array(size);
  const uses = new Int32Array(size);
  for (const o of outs) if (o >= 0) uses[o]!++;
  const outputs = Int32Array.from(outs, (o) => {
    if (o < 0 || !from[o]) return -1;
    if (o >= n && uses[o] === 1 && succs[o]!.size === 0) {
      isOutput[o] = 1;
      return o;
    }
    const c = preds.length;
    preds.push(new Map([[o, 1]]));
    succs.push(new Set());
    succs[o]!.add(c);
    copyOf.push(o);
    variableOf.push(variableOf[o]!);
    return c;
  });
  const intermediates: number[] = [];
  for (let i = n; i < size; i++) if (from[i] && to[i] && !isOutput[i]) intermediates.push(i);
  return {
    n,
    size: preds.length,
    preds,
    succs,
    outputs,
    intermediates: Int32Array.from(intermediates),
    copyOf: Int32Array.from(copyOf),
    variableOf: Int32Array.from(variableOf),
    edges,
  };
}
