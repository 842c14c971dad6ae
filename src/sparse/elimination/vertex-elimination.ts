import type { LinearizedGraph } from "./linearized-graph.js";
import { ScoreHeap } from "./score-heap.js";

/** The order in which intermediate vertices are eliminated. */
export type EliminationRule = "forward" | "reverse" | "markowitz" | "min-fill";

/** The elimination rules, in the order the cost table lists them. */
export const eliminationRules: readonly EliminationRule[] = ["forward", "reverse", "markowitz", "min-fill"];

/** What one vertex elimination did. */
export interface Elimination {
  readonly rule: EliminationRule;
  /** The intermediate vertices in the order they were eliminated. */
  readonly order: Int32Array;
  /** Multiplications: Σ |P_j|·|S_j| at the time each j is eliminated (copy edges free). */
  readonly multiplications: number;
  /** Edges created that did not exist before (fill-in). */
  readonly fill: number;
  /** After elimination: preds[y] of each output vertex y holds the Jacobian entries ∂y/∂x_j by input vertex j. */
  readonly preds: readonly Map<number, number>[];
}

/**
 * Vertex elimination on the linearised graph (Griewank & Walther ch. 9–10; Naumann): eliminating j
 * adds c_kj·c_ji to c_ki for every predecessor i and successor k (a new edge when there was none)
 * and removes j. When only inputs and outputs remain, the edges are the Jacobian's entries.
 *
 * Rules: `forward` (increasing index: forward mode that skips the products with the identity seed),
 * `reverse` (decreasing), `markowitz` (smallest |P_j|·|S_j| first) and `min-fill` (fewest new edges
 * first, then smallest Markowitz degree). NOTE: ties go to the lowest index (the earliest vertex).
 */
export function eliminateVertices(g: LinearizedGraph, rule: EliminationRule): Elimination {
  const preds = g.preds.map((m) => new Map(m));
  const succs = g.succs.map((s) => new Set(s));
  const alive = new Uint8Array(g.size);
  for (const j of g.intermediates) alive[j] = 1;
  const markowitz = (j: number): number => preds[j]!.size * succs[j]!.size;
  const fillOf = (j: number): number => {
    let f = 0;
    for (const k of succs[j]!) {
      const pk = preds[k]!;
      for (const i of preds[j]!.keys()) if (!pk.has(i)) f++;
    }
    return f;
  };
  const score = rule === "min-fill" ? fillOf : markowitz;
  const heap = rule === "markowitz" || rule === "min-fill" ? new ScoreHeap(g.size) : null;
  const rescore = (j: number): void => {
    if (alive[j]) heap!.push(j, score(j), rule === "min-fill" ? markowitz(j) : 0);
  };
  if (heap !== null) for (const j of g.intermediates) rescore(j);
  const order = new Int32Array(g.intermediates.length);
  let multiplications = 0;
  let fill = 0;
  for (let t = 0; t < order.length; t++) {
    const j = heap !== null ? heap.pop() : g.intermediates[rule === "forward" ? t : order.length - 1 - t]!;
    order[t] = j;
    alive[j] = 0;
    const pj = preds[j]!;
    const touched = new Set<number>();
    for (const i of pj.keys()) {
      succs[i]!.delete(j);
      touched.add(i);
    }
    for (const k of succs[j]!) {
      const pk = preds[k]!;
      const ckj = pk.get(j)!;
      pk.delete(j);
      touched.add(k);
      const free = g.copyOf[k] === j;
      for (const [i, cji] of pj) {
        if (!free) multiplications++;
        const prev = pk.get(i);
        if (prev === undefined) {
          fill++;
          pk.set(i, ckj * cji);
          succs[i]!.add(k);
          // A new edge i → k lowers the fill of every w with i → w → k.
          if (rule === "min-fill") for (const w of succs[i]!) if (preds[k]!.has(w)) touched.add(w);
        } else pk.set(i, prev + ckj * cji);
      }
    }
    pj.clear();
    succs[j]!.clear();
    if (heap !== null) for (const w of touched) rescore(w);
  }
  return { rule, order, multiplications, fill, preds };
}
