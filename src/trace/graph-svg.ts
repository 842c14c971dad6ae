import type { Viz } from "@viz-js/viz";
import { importOptional } from "../core/optional-dependency.js";
import { programToDot } from "./graph-dot.js";
import type { GraphOptions } from "./graph-nodes.js";
import type { Program } from "./program.js";

let viz: Promise<Viz> | null = null;

/**
 * The computational graph of a program as SVG, laid out by Graphviz compiled to WebAssembly
 * (`@viz-js/viz`, loaded on first use; works in Node and browsers).
 *
 * @example
 * const svg = await programToSVG(program, { cotangent: true });
 */
export async function programToSVG(program: Program, opts: GraphOptions = {}): Promise<string> {
  viz ??= importOptional("toSVG", "graph layout", "@viz-js/viz", () => import("@viz-js/viz")).then((m) => m.instance());
  return (await viz).renderString(programToDot(program, opts), { format: "svg" });
}
