import { programGraph, type GraphOptions } from "./graph-nodes.js";
import type { Program } from "./program.js";

/** Escapes label text for Mermaid (quotes and angle brackets as entity codes). */
function mermaidText(s: string): string {
  return s.replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;");
}

/**
 * The computational graph of a program as a Mermaid flowchart.
 *
 * @example
 * programToMermaid(trace((x: Tensor) => sin(x), 1)); // flowchart TB …  v0 --> v1
 */
export function programToMermaid(program: Program, opts: GraphOptions = {}): string {
  const { nodes, edges } = programGraph(program, opts);
  const lines = [`flowchart ${opts.direction ?? "TB"}`];
  for (const n of nodes) lines.push(`  ${n.id}["${n.lines.map(mermaidText).join("<br/>")}"]`);
  for (const [from, to] of edges) lines.push(`  ${from} --> ${to}`);
  const inputs = nodes.filter((n) => n.kind === "input").map((n) => n.id);
  const outputs = nodes.filter((n) => n.output).map((n) => n.id);
  lines.push("  classDef input fill:#e8f0fe,stroke:#444444", "  classDef output fill:#fdf1dc,stroke:#444444,stroke-width:2px");
  if (inputs.length > 0) lines.push(`  class ${inputs.join(",")} input`);
  if (outputs.length > 0) lines.push(`  class ${outputs.join(",")} output`);
  return lines.join("\n");
}
