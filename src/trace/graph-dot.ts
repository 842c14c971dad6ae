import { programGraph, type Graph, type GraphOptions } from "./graph-nodes.js";
import type { Program } from "./program.js";

/**
 * The computational graph of a program in Graphviz DOT.
 *
 * @example
 * programToDot(trace((x: Tensor) => sin(x), 1)); // digraph wengert { … v1 [label="v1 = sin v0\n= 0.841"] … }
 */
export function programToDot(program: Program, opts: GraphOptions = {}): string {
  return graphToDot(programGraph(program, opts), opts.direction ?? "TB");
}

/** A graph in DOT, with extra graph `attributes` (`"mclimit=0.1;"`) after the layout direction. */
export function graphToDot(graph: Graph, direction: "TB" | "LR", attributes: readonly string[] = []): string {
  const { nodes, edges } = graph;
  const lines = [
    "digraph wengert {",
    `  rankdir=${direction};`,
    ...attributes.map((a) => `  ${a}`),
    '  node [shape=box, style="rounded,filled", fillcolor="#ffffff", color="#444444", fontname="Helvetica", fontsize=11, margin="0.16,0.06"];',
    '  edge [color="#666666", arrowsize=0.7];',
  ];
  for (const n of nodes) {
    const label = n.lines.map((l) => l.replace(/\\/g, "\\\\").replace(/"/g, '\\"')).join("\\n");
    const style = n.kind === "input" ? ', fillcolor="#e8f0fe"' : "";
    const output = n.output ? ', peripheries=2, fillcolor="#fdf1dc"' : "";
    const eliminated = n.eliminated !== undefined ? ', style="rounded,filled,dashed", fillcolor="#e6f4ea"' : "";
    lines.push(`  ${n.id} [label="${label}"${style}${output}${eliminated}];`);
  }
  for (const [from, to] of edges) lines.push(`  ${from} -> ${to};`);
  lines.push("}");
  return lines.join("\n");
}
