import type { TopLevelSpec } from "vega-lite";
import { importOptional } from "../../core/optional-dependency.js";

let plotting: Promise<[typeof import("vega"), typeof import("vega-lite")]> | null = null;

/**
 * Renders a Vega-Lite spec to an SVG string (no browser or canvas needed), loading vega and
 * vega-lite (optional packages) on first use; when they are missing, an OptionalDependencyError
 * naming `fn` and how to install them.
 * NOTE: the same renderer as the CLI's line charts (src/cli/plot), which this layer cannot import.
 */
export async function renderSvg(fn: string, spec: TopLevelSpec): Promise<string> {
  const [vega, vegaLite] = await importOptional(fn, "drawing diagnostic plots", ["vega", "vega-lite"], () => {
    plotting ??= Promise.all([import("vega"), import("vega-lite")]);
    return plotting;
  });
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** The Vega-Lite schema every plot declares. */
export const SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";
