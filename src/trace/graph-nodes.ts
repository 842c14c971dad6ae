import { isFloat } from "../core/dtype.js";
import { argumentError } from "../core/validate.js";
import type { MaybeTensor } from "../primitives/primitive.js";
import { onesLike } from "../tensor/creation.js";
import { Variable } from "./equation.js";
import { primalFormula } from "./equation-text.js";
import { formatValue } from "./format-value.js";
import { forwardSweep } from "./forward-sweep.js";
import { adjointName, tangentName, varName } from "./notation.js";
import type { Program } from "./program.js";
import { reverseSweep } from "./reverse-sweep.js";
import { seedsFor } from "./table-inputs.js";

/** Options of `Program.toDot`, `toMermaid` and `toSVG`. */
export interface GraphOptions {
  /** Input tangents, mirroring the traced arguments: each node also shows its tangent v̇. */
  tangents?: readonly unknown[];
  /** Output cotangents mirroring the outputs (`true`: ȳ = 1): each node also shows its adjoint v̄. */
  cotangent?: unknown;
  /** Decimals of the printed values (default 3). */
  digits?: number;
  /** Layout direction: top to bottom (default) or left to right. */
  direction?: "TB" | "LR";
  /**
   * Variable indices (Griewank–Walther: 1 … l) in the order vertex elimination removes them, e.g.
   * `jacobianCost(f, ...args).elimination.markowitz.order`: each such node is numbered "eliminated k".
   */
  eliminationOrder?: readonly number[];
}

/** A node of the drawn graph: an input or an equation. */
export interface GraphNode {
  /** An identifier safe in DOT and Mermaid: `v_m1`, `v0`, `v1`. */
  readonly id: string;
  /** Label lines: the formula, the value, then the tangent and adjoint if asked. */
  readonly lines: readonly string[];
  readonly kind: "input" | "equation";
  /** True when the node defines an output. */
  readonly output: boolean;
  /** Its place (1, 2, …) in `eliminationOrder`, if there. */
  readonly eliminated?: number;
}

/** The graph of a program: one node per input and per equation, edges from operands to uses. */
export interface Graph {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly (readonly [string, string])[];
}

/** The identifier of the node defining a variable. */
function nodeId(index: number): string {
  return index < 0 ? `v_m${-index}` : `v${index}`;
}

/**
 * The nodes and edges to draw for a program, with tangents (by a forward sweep) and adjoints (by a
 * reverse sweep) when asked.
 *
 * @example
 * programGraph(program, { tangents: [1, 0] }).nodes[2].lines; // ["v1 = ln v−1", "= 0.693", "v̇1 = 0.5"]
 */
export function programGraph(program: Program, opts: GraphOptions = {}): Graph {
  const digits = opts.digits ?? 3;
  const inputValues = program.inputs.map((v) => v.value);
  const tangents = opts.tangents === undefined ? null : forwardSweep(program, seedsFor(opts.tangents, program.inputDef, inputValues, "toDot", "tangents"));
  let adjoints: ReadonlyMap<Variable, MaybeTensor> | null = null;
  if (opts.cotangent !== undefined && opts.cotangent !== false) {
    const outValues = program.outputs.map((a) => a.value);
    const seeds = opts.cotangent === true ? outValues.map((v) => (isFloat(v.dtype) ? onesLike(v) : null)) : seedsFor(opts.cotangent, program.outputDef, outValues, "toDot", "cotangent");
    adjoints = reverseSweep(program, seeds).adjoints;
  }
  const eliminated = eliminationSteps(program, opts.eliminationOrder);
  const names = program.outputNames;
  const outputsOf = (v: Variable) => program.outputs.flatMap((a, k) => (a === v ? [names[k]!] : []));
  const annotate = (v: Variable, lines: string[]) => {
    lines.push(`= ${formatValue(v.value, digits)}`);
    if (tangents !== null) {
      const t = tangents.get(v) ?? null;
      lines.push(`${tangentName(v.index)} = ${t === null ? "0" : formatValue(t, digits)}`);
    }
    if (adjoints !== null) {
      const a = adjoints.get(v) ?? null;
      lines.push(`${adjointName(v.index)} = ${a === null ? "0" : formatValue(a, digits)}`);
    }
    const ys = outputsOf(v);
    if (ys.length > 0) lines.push(`${ys.join(", ")} = ${varName(v.index)}`);
    return ys.length > 0;
  };
  const nodes: GraphNode[] = [];
  const edges: [string, string][] = [];
  for (const v of program.inputs) {
    const lines = [`${varName(v.index)} = ${v.name ?? ""}`];
    const output = annotate(v, lines);
    nodes.push({ id: nodeId(v.index), lines, kind: "input", output });
  }
  const definedBy = new Map<Variable, string>(program.inputs.map((v) => [v, nodeId(v.index)]));
  for (const eq of program.equations) {
    const id = nodeId(eq.outputs[0]!.index);
    const lines: string[] = [];
    let output = false;
    eq.outputs.forEach((o, k) => {
      lines.push(`${varName(o.index)} = ${primalFormula(eq, k)}`);
      output = annotate(o, lines) || output;
      definedBy.set(o, id);
    });
    const step = eq.outputs.reduce<number | undefined>((s, o) => s ?? eliminated.get(o.index), undefined);
    if (step !== undefined) lines.push(`eliminated ${step}`);
    nodes.push({ id, lines, kind: "equation", output, ...(step !== undefined && { eliminated: step }) });
    const from = new Set<string>();
    for (const a of eq.inputs) if (a instanceof Variable) from.add(definedBy.get(a)!);
    for (const f of from) edges.push([f, id]);
  }
  return { nodes, edges };
}

/** The step at which each variable index is eliminated (1-based), checked against the program's intermediates. */
function eliminationSteps(program: Program, order: unknown): Map<number, number> {
  const steps = new Map<number, number>();
  if (order === undefined) return steps;
  const l = program.intermediates;
  const expected = `an array of distinct variable indices of the program (integers 1 … ${l}), in elimination order`;
  if (!Array.isArray(order)) throw argumentError("toDot", "eliminationOrder", expected, order);
  order.forEach((v: unknown, k) => {
    if (!Number.isInteger(v) || (v as number) < 1 || (v as number) > l || steps.has(v as number)) throw argumentError("toDot", `eliminationOrder[${k}]`, expected, v);
    steps.set(v as number, k + 1);
  });
  return steps;
}
