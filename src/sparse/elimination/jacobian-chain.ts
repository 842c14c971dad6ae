import { sizeOf } from "../../core/shape.js";
import { chainOrder } from "../../linalg/chain-order.js";
import { Variable } from "../../trace/equation.js";
import type { Program } from "../../trace/program.js";

/** A program seen as a chain of tensor operations: J = J_k ⋯ J_2·J_1, and the cheapest bracketing of that product. */
export interface JacobianChain {
  /** d_0 … d_k: J_i is d_i × d_{i−1} (d_0 input elements, d_k output elements). */
  readonly dims: readonly number[];
  /** The Griewank–Walther index of the first variable of each cut between factors (k − 1 of them). */
  readonly cuts: readonly number[];
  /** The cheapest bracketing, e.g. "J4·((J3·J2)·J1)". */
  readonly bracketing: string;
  /** Its multiplications, with every factor a dense matrix. */
  readonly multiplications: number;
  /** Multiplications of J_k·(⋯(J_2·J_1)): forward accumulation. */
  readonly forward: number;
  /** Multiplications of ((J_k·J_{k−1})⋯)·J_1: reverse accumulation. */
  readonly reverse: number;
}

/** The most factors bracketed. NOTE: the dynamic programme is O(k³): 256 factors take ~3·10⁶ steps. */
export const MAX_CHAIN_FACTORS = 256;

/**
 * The chain structure of a program: the cuts are the equations every path from the inputs to the
 * outputs passes through (in evaluation order, an equation is a cut when no dependency jumps over it),
 * and the factor J_i is the Jacobian of the segment between two cuts. Null with fewer than two
 * factors or more than MAX_CHAIN_FACTORS. The bracketing is the matrix-chain dynamic programme of `linalg.multiDot` (`chainOrder`).
 *
 * NOTE: factors count as dense d_i × d_{i−1} matrices (the matrix-chain cost model of Naumann's
 * Jacobian chain product); the vertex-elimination rows of `jacobianCost` exploit their sparsity.
 */
export function jacobianChain(program: Program): JacobianChain | null {
  const eqs = program.equations;
  const k = eqs.length;
  // Nodes: 0 = the inputs together, 1 … k = equations, k + 1 = the outputs together.
  const nodeOf = new Map<Variable, number>(program.inputs.map((v) => [v, 0]));
  eqs.forEach((eq, i) => eq.outputs.forEach((o) => nodeOf.set(o, i + 1)));
  const preds: number[][] = [[]];
  for (const eq of eqs) preds.push([...new Set(eq.inputs.flatMap((a) => (a instanceof Variable ? [nodeOf.get(a)!] : [])))]);
  preds.push([...new Set(program.outputs.flatMap((a) => (a instanceof Variable ? [nodeOf.get(a)!] : [])))]);
  const from = new Uint8Array(k + 2);
  const to = new Uint8Array(k + 2);
  from[0] = 1;
  for (let i = 1; i <= k + 1; i++) from[i] = preds[i]!.some((j) => from[j]) ? 1 : 0;
  to[k + 1] = 1;
  for (let i = k + 1; i >= 0; i--) if (to[i] && from[i]) for (const j of preds[i]!) to[j] = 1;
  if (!from[k + 1]) return null;
  // jump[p] > 0: some relevant dependency a → b has a < p < b.
  const jump = new Int32Array(k + 3);
  for (let b = 1; b <= k + 1; b++) {
    if (!(from[b] && to[b])) continue;
    for (const a of preds[b]!) {
      if (!(from[a] && to[a]) || b - a < 2) continue;
      jump[a + 1]!++;
      jump[b]!--;
    }
  }
  const cuts: number[] = [];
  let open = 0;
  for (let p = 1; p <= k; p++) {
    open += jump[p]!;
    if (open === 0 && from[p] && to[p]) cuts.push(p);
  }
  const outputs = program.outputs.reduce((s, a) => s + sizeOf(a.value.shape), 0);
  const size = (p: number): number => eqs[p - 1]!.outputs.reduce((s, o) => s + sizeOf(o.value.shape), 0);
  // The last equation defining exactly the outputs is the end of the chain, not a cut before it.
  const last = cuts[cuts.length - 1];
  if (last !== undefined && preds[k + 1]!.length === 1 && preds[k + 1]![0] === last && size(last) === outputs) cuts.pop();
  if (cuts.length === 0 || cuts.length >= MAX_CHAIN_FACTORS) return null;
  const inputs = program.inputs.reduce((s, v) => s + sizeOf(v.value.shape), 0);
  const dims = [inputs, ...cuts.map(size), outputs];
  const f = dims.length - 1; // factors
  // chainOrder takes the matrices left to right: J_f, …, J_1 with row counts d_f, …, d_1.
  const p = dims.slice().reverse();
  const split = chainOrder(p);
  const cost = (i: number, j: number): number => (i === j ? 0 : cost(i, split[i]![j]!) + cost(split[i]![j]! + 1, j) + p[i]! * p[split[i]![j]! + 1]! * p[j + 1]!);
  const show = (i: number, j: number, top: boolean): string => {
    if (i === j) return `J${f - i}`;
    const s = split[i]![j]!;
    const text = `${show(i, s, false)}·${show(s + 1, j, false)}`;
    return top ? text : `(${text})`;
  };
  let forward = 0;
  let reverse = 0;
  for (let i = 2; i <= f; i++) forward += dims[i]! * dims[i - 1]! * dims[0]!;
  for (let i = 1; i < f; i++) reverse += dims[f]! * dims[i]! * dims[i - 1]!;
  return {
    dims,
    cuts: cuts.map((c) => eqs[c - 1]!.outputs[0]!.index),
    bracketing: show(0, f - 1, true),
    multiplications: cost(0, f - 1),
    forward,
    reverse,
  };
}
