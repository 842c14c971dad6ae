import type { Program } from "wengert";
import { el, messageOf } from "./format.js";

/** Draws the program's graph (Graphviz in wasm, via `Program.toSVG`) with v, v̇ and v̄ on every node. */
export async function renderGraph(box: HTMLElement, program: Program, tangents: readonly number[]): Promise<void> {
  try {
    box.innerHTML = await program.toSVG({ tangents, cotangent: true });
  } catch (e) {
    box.replaceChildren(el("p", { class: "error" }, `The graph could not be drawn: ${messageOf(e)}`));
  }
}
