import type { Viz } from "@viz-js/viz";
import { importOptional } from "../core/optional-dependency.js";
import { graphToDot } from "./graph-dot.js";
import { graphLayout, layoutError } from "./graph-layout.js";
import { programGraph, type GraphOptions } from "./graph-nodes.js";
import type { Program } from "./program.js";

let viz: Promise<Viz> | null = null;

/**
 * The computational graph of a program as SVG, laid out by Graphviz compiled to WebAssembly
 * (`@viz-js/viz`, loaded on first use; works in Node and browsers). Graphs of more than
 * MAX_SVG_NODES nodes raise a RangeError (use `toDot()`/`toMermaid()`); large ones get a layout
 * that scales (`graphLayout`).
 *
 * @example
 * const svg = await programToSVG(program, { cotangent: true });
 */
export async function programToSVG(program: Program, opts: GraphOptions = {}): Promise<string> {
  const nodes = program.inputs.length + program.equations.length;
  const layout = graphLayout(nodes); // before any work: refuses graphs beyond the limit
  viz ??= importOptional("toSVG", "graph layout", "@viz-js/viz", () => import("@viz-js/viz")).then((m) => m.instance());
  const renderer = await viz;
  const dot = graphToDot(programGraph(program, opts), opts.direction ?? "TB", layout.attributes);
  try {
    return renderer.renderString(dot, { format: "svg", engine: layout.engine });
  } catch (e) {
    viz = null; // a failed layout (out of memory) may leave the WebAssembly instance unusable
    throw layoutError(e, nodes);
  }
}
