import { ArgumentError } from "../core/errors.js";

/**
 * The most nodes `toSVG` lays out. NOTE: about 1,300 terms of a sum; measured on 2 busy cores, the
 * force-directed layout took ~10 s at 3,000 nodes. Bigger graphs: `toDot()` or `toMermaid()`.
 */
export const MAX_SVG_NODES = 4000;

/** Up to this many nodes, dot's layered layout with its default effort (the best pictures). */
const FULL_EFFORT_NODES = 100;

/** Up to this many nodes, dot's layered layout with bounded effort; beyond, a force-directed layout. */
const LAYERED_NODES = 500;

/** How Graphviz lays out a graph: the engine and the graph attributes to add to the DOT. */
export interface GraphLayout {
  readonly engine: "dot" | "sfdp";
  readonly attributes: readonly string[];
}

/**
 * The layout for a graph of `nodes` nodes, or an ArgumentError beyond MAX_SVG_NODES.
 * NOTE: an ArgumentError because the program is `toSVG`'s argument (its receiver) and too big for it.
 * NOTE: dot's cost is dominated by crossing minimisation and network simplex over the long edges
 * (a variable used by many equations spans many ranks, O(n²) virtual nodes): 100 terms of a sum
 * took 17 s with the defaults. Bounding those iterations (mclimit, nslimit, searchsize) and drawing
 * straight edges keeps dot's pictures to 500 nodes in seconds; beyond, sfdp (multilevel
 * force-directed) grows about linearly.
 */
export function graphLayout(nodes: number): GraphLayout {
  if (nodes > MAX_SVG_NODES) {
    const n = (x: number): string => x.toLocaleString("en-US");
    throw new ArgumentError(
      `toSVG: the program must have at most ${n(MAX_SVG_NODES)} nodes, got ${n(nodes)}; use toDot() or toMermaid() (on the command line: --format dot or mermaid), text of any size for a layout tool of your choice`,
    );
  }
  if (nodes <= FULL_EFFORT_NODES) return { engine: "dot", attributes: [] };
  if (nodes <= LAYERED_NODES) return { engine: "dot", attributes: ["mclimit=0.1;", "nslimit=0.5;", "nslimit1=0.5;", "searchsize=10;", "splines=line;"] };
  return { engine: "sfdp", attributes: ["outputorder=edgesfirst;"] };
}

/** An error of the layout library as an Error with its message (it may throw objects that print as "[object Object]"). */
export function layoutError(e: unknown, nodes: number): Error {
  const message = e instanceof Error ? e.message : typeof e === "object" && e !== null && typeof (e as { message?: unknown }).message === "string" ? (e as { message: string }).message : safeText(e);
  return new Error(`toSVG: Graphviz could not lay out the graph (${nodes.toLocaleString("en-US")} nodes): ${message}`, { cause: e });
}

function safeText(e: unknown): string {
  try {
    const json = JSON.stringify(e);
    if (json !== undefined && json !== "{}") return json.length > 200 ? `${json.slice(0, 200)}…` : json;
  } catch {
    // fall through
  }
  return String(e);
}
