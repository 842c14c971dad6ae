import { argumentError, checkFunction, inFunction } from "../../core/validate.js";
import { displayWidth, padDisplay } from "../../trace/format-value.js";
import type { Program } from "../../trace/program.js";
import { traceProgram } from "../../trace/trace.js";
import type { AnyFunction, Loosen } from "../../transforms/tree-values.js";
import { fewestColors } from "../sparse-jacobian.js";
import { SparsityPattern } from "../sparsity-pattern.js";
import { jacobianChain, type JacobianChain } from "./jacobian-chain.js";
import { linearizedGraph, type LinearizedGraph } from "./linearized-graph.js";
import { eliminateVertices, type Elimination } from "./vertex-elimination.js";

/** One vertex elimination's cost. */
export interface EliminationCost {
  /** Multiplications c_kj·c_ji. */
  readonly multiplications: number;
  /** New edges created (fill-in). */
  readonly fill: number;
  /**
   * The Griewank–Walther indices of the eliminated variables in order (for a tensor variable, where
   * its first element was eliminated): pass it to `toSVG({ eliminationOrder })` of `trace(f, ...args)`.
   */
  readonly order: readonly number[];
}

/** One row of the cost table. */
export interface CostRow {
  readonly strategy: string;
  /** JVPs or VJPs for the sweep-based strategies; null for eliminations and the chain product. */
  readonly passes: number | null;
  readonly multiplications: number;
}

/**
 * What the Jacobian of a traced function costs by each strategy, in multiplications (see
 * `jacobianCost`); `toString()` prints the table, `rows` holds it as data.
 *
 * @example
 * const cost = jacobianCost(f, x);
 * cost.elimination.markowitz.multiplications <= Math.min(cost.forward, cost.reverse); // usually
 */
export class JacobianCost {
  /** Not for users: `jacobianCost(f, ...args)` makes cost tables. */
  constructor(
    /** n: input elements (the flattened arguments, concatenated). */
    readonly inputs: number,
    /** m: output elements. */
    readonly outputs: number,
    /** Intermediate vertices of the linearised graph (the ones elimination removes). */
    readonly intermediates: number,
    /** |E|: edges of the linearised graph (local partial derivatives). */
    readonly edges: number,
    /** Colors of the Jacobian's sparsity pattern: JVPs (columns), VJPs (rows), and JVPs + VJPs of a star bicoloring (bidirectional). */
    readonly colors: { readonly column: number; readonly row: number; readonly bidirectional: number },
    /** Vertex elimination in four orders. */
    readonly elimination: { readonly forward: EliminationCost; readonly reverse: EliminationCost; readonly markowitz: EliminationCost; readonly minFill: EliminationCost },
    /** The program as a chain of tensor operations and its best bracketing, or null with fewer than two factors. */
    readonly chain: JacobianChain | null,
  ) {}

  /** Forward mode: n JVPs, each multiplying every edge label by a tangent: n·|E|. */
  get forward(): number {
    return this.inputs * this.edges;
  }

  /** Reverse mode: m VJPs, each multiplying every edge label by an adjoint: m·|E|. */
  get reverse(): number {
    return this.outputs * this.edges;
  }

  /** The table's rows, sweeps first, then eliminations, then the chain product. */
  get rows(): CostRow[] {
    const e = this.elimination;
    const rows: CostRow[] = [
      { strategy: "forward mode (one JVP per input)", passes: this.inputs, multiplications: this.forward },
      { strategy: "reverse mode (one VJP per output)", passes: this.outputs, multiplications: this.reverse },
      { strategy: "compressed forward (one JVP per column color)", passes: this.colors.column, multiplications: this.colors.column * this.edges },
      { strategy: "compressed reverse (one VJP per row color)", passes: this.colors.row, multiplications: this.colors.row * this.edges },
      // NOTE: a bicoloring's passes are its column colors (JVPs) plus its row colors (VJPs), each |E|, like the one-sided rows.
      { strategy: "compressed bidirectional (star bicoloring)", passes: this.colors.bidirectional, multiplications: this.colors.bidirectional * this.edges },
      { strategy: "vertex elimination, forward order", passes: null, multiplications: e.forward.multiplications },
      { strategy: "vertex elimination, reverse order", passes: null, multiplications: e.reverse.multiplications },
      { strategy: "vertex elimination, Markowitz", passes: null, multiplications: e.markowitz.multiplications },
      { strategy: "vertex elimination, min-fill", passes: null, multiplications: e.minFill.multiplications },
    ];
    const c = this.chain;
    if (c !== null) {
      const k = c.dims.length - 1;
      rows.push(
        { strategy: `dense chain J${k}⋯J1, forward bracketing`, passes: null, multiplications: c.forward },
        { strategy: `dense chain J${k}⋯J1, reverse bracketing`, passes: null, multiplications: c.reverse },
        { strategy: `dense chain, optimal bracketing ${c.bracketing}`, passes: null, multiplications: c.multiplications },
      );
    }
    return rows;
  }

  /** The cost table as text: a heading with the graph's size, one line per strategy. */
  toString(): string {
    const num = (x: number): string => x.toLocaleString("en-US");
    const rows = this.rows;
    const heads = ["strategy", "passes", "multiplications"] as const;
    const cells = rows.map((r) => [r.strategy, r.passes === null ? "" : num(r.passes), num(r.multiplications)]);
    const w = heads.map((h, i) => Math.max(displayWidth(h), ...cells.map((c) => displayWidth(c[i]!))));
    const line = (c: readonly string[]) => `${padDisplay(c[0]!, w[0]!)} │ ${c[1]!.padStart(w[1]!)} │ ${c[2]!.padStart(w[2]!)}`;
    const chain = this.chain === null ? "" : `; chain dims ${this.chain.dims.join(" → ")}`;
    return [
      `Jacobian ${this.outputs}×${this.inputs}; linearised graph: ${num(this.intermediates)} intermediate vertices, ${num(this.edges)} edges${chain}`,
      line(heads),
      `${"─".repeat(w[0]!)}─┼─${"─".repeat(w[1]!)}─┼─${"─".repeat(w[2]!)}`,
      ...cells.map(line),
    ].join("\n");
  }
}

/** The elimination's order as variable indices (first element of each variable). */
function costOf(g: LinearizedGraph, e: Elimination): EliminationCost {
  const seen = new Set<number>();
  for (const v of e.order) seen.add(g.variableOf[v]!);
  return { multiplications: e.multiplications, fill: e.fill, order: [...seen] };
}

/** The Jacobian's sparsity pattern as elimination leaves it: output rows, input columns. */
function patternOf(g: LinearizedGraph, e: Elimination): SparsityPattern {
  const rows: number[] = [];
  const cols: number[] = [];
  g.outputs.forEach((y, r) => {
    if (y >= 0) for (const j of e.preds[y]!.keys()) {
      rows.push(r);
      cols.push(j);
    }
  });
  return SparsityPattern.fromCoordinates([g.outputs.length, g.n], rows, cols);
}

/** The cost table of a traced program. */
export function programCost(program: Program): JacobianCost {
  const g = linearizedGraph(program, false);
  const [forward, reverse, markowitz, minFill] = (["forward", "reverse", "markowitz", "min-fill"] as const).map((r) => eliminateVertices(g, r));
  const pattern = patternOf(g, markowitz!);
  const colors = {
    column: fewestColors(pattern, "column", undefined).count,
    row: fewestColors(pattern, "row", undefined).count,
    bidirectional: fewestColors(pattern, "bidirectional", undefined).count,
  };
  const elimination = { forward: costOf(g, forward!), reverse: costOf(g, reverse!), markowitz: costOf(g, markowitz!), minFill: costOf(g, minFill!) };
  return new JacobianCost(g.n, g.outputs.length, g.intermediates.length, g.edges, colors, elimination, jacobianChain(program));
}

/**
 * How many multiplications the Jacobian of `f` at `args` costs by each strategy, counted on the
 * linearised computational graph of its trace (one vertex per scalar, one edge per local partial
 * derivative; Griewank & Walther ch. 9–10): forward and reverse mode, compressed forward,
 * reverse and bidirectional (one pass per color of the Jacobian's sparsity pattern; a star bicoloring's
 * JVPs plus VJPs), vertex elimination in forward,
 * reverse, Markowitz and min-fill order, and, for a chain of tensor operations, the dense Jacobian
 * chain product with its best bracketing (the matrix-chain problem).
 *
 * NOTE: how it counts. A local partial c_ij is given (computing it is part of evaluating f, the same
 * for every strategy); every multiplication of two edge labels, or of a label by a tangent or
 * adjoint, counts one, including the ±1 of additions (Naumann's structural count: it does not depend
 * on the values); additions are not counted. A JVP or VJP costs |E|. Eliminating vertex j costs
 * |P_j|·|S_j| (its current predecessors times successors). The chain rows count dense factors.
 *
 * @example
 * const cost = jacobianCost((x1: Tensor, x2: Tensor) => sub(add(log(x1), mul(x1, x2)), sin(x2)), 2, 5);
 * console.log(cost.toString());
 * // Jacobian 1×2; linearised graph: 4 intermediate vertices, 8 edges
 * // strategy                          │ passes │ multiplications
 * // forward mode (one JVP per input)  │      2 │              16
 * // reverse mode (one VJP per output) │      1 │               8
 * // …
 * // vertex elimination, Markowitz     │        │               6
 * await trace(f, 2, 5).toSVG({ eliminationOrder: cost.elimination.markowitz.order }); // nodes numbered 1 … 4
 */
export function jacobianCost<F extends AnyFunction>(f: F, ...args: Loosen<Parameters<F>>): JacobianCost;
export function jacobianCost(f: unknown, ...args: unknown[]): JacobianCost {
  checkFunction(f, "jacobianCost", "f");
  if (args.length === 0) throw argumentError("jacobianCost", "args", "at least one argument to trace f at", args);
  return inFunction("jacobianCost", () => programCost(traceProgram(f as AnyFunction, args, {}, "jacobianCost")));
}
