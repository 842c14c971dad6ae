import { ArgumentError } from "../../core/errors.js";
import { argumentError, checkFiniteNumber } from "../../core/validate.js";
import { checkKnownOptions } from "./options.js";
import { renderSvg, SCHEMA } from "./render-svg.js";
import { checkDraws, elementChains, findElement, type CheckedDraws, type SiteDraws } from "./site-draws.js";

/** Options of `pairPlot`. */
export interface PairPlotOptions {
  /** Per chain, per draw: whether the transition that produced it diverged (drawn in red). */
  readonly divergent?: readonly (readonly boolean[] | Uint8Array)[];
  /** Size of each panel in pixels (default 240). */
  readonly size?: number;
}

/**
 * Pair plots as SVG: the scatter of every pair of the named scalar elements (two names: one panel;
 * k names: the k(k − 1)/2 panels below the diagonal), all chains pooled, with the draws of divergent
 * transitions in red on top. Divergences that cluster in one region (the neck of a funnel) locate
 * the geometry the sampler cannot follow.
 *
 * @example
 * const svg = await infer.diagnostics.pairPlot(draws, ["mu", "tau"], { divergent: posterior.divergences });
 */
export function pairPlot(draws: Readonly<Record<string, SiteDraws>>, names: readonly string[], opts?: PairPlotOptions): Promise<string> {
  const fn = "pairPlot";
  const checked = checkDraws(draws, fn);
  if (!Array.isArray(names) || names.length < 2) throw argumentError(fn, "names", "an array of at least two element names such as [\"mu\", \"theta[0]\"]", names);
  const els = names.map((n, i) => findElement(n, checked, fn, `names[${i}]`));
  const o = checkKnownOptions<PairPlotOptions>(opts, fn, ["divergent", "size"]);
  const size = o.size === undefined ? 240 : checkFiniteNumber(o.size, fn, "options.size", "positive");
  const divergent = checkDivergent(o.divergent, checked, fn);
  const columns = els.map((e) => elementChains(checked, e));
  const rows = [];
  for (let i = 1; i < els.length; i++) {
    const row = [];
    for (let j = 0; j < i; j++) {
      const values: { x: number; y: number; divergent: boolean }[] = [];
      columns[j]!.forEach((cx, m) => cx.forEach((x, n) => values.push({ x, y: columns[i]![m]![n]!, divergent: divergent?.[m]?.[n] === true })));
      row.push({
        width: size,
        height: size,
        data: { values },
        encoding: {
          x: { field: "x", type: "quantitative" as const, title: els[j]!.name, scale: { zero: false } },
          y: { field: "y", type: "quantitative" as const, title: els[i]!.name, scale: { zero: false } },
        },
        layer: [
          { transform: [{ filter: "!datum.divergent" }], mark: { type: "point" as const, filled: true, size: 8, opacity: 0.35, color: "#4c78a8" } },
          { transform: [{ filter: "datum.divergent" }], mark: { type: "point" as const, filled: true, size: 18, opacity: 0.9, color: "#e41a1c" } },
        ],
      });
    }
    rows.push({ hconcat: row });
  }
  return renderSvg(fn, { $schema: SCHEMA, title: "Pair plot (divergent transitions in red)", vconcat: rows });
}

/** Checks `divergent` as [chain][draw] flags matching the draws (O(chains); entries read as booleans). */
function checkDivergent(value: unknown, draws: CheckedDraws, fn: string): (readonly boolean[] | Uint8Array)[] | undefined {
  if (value === undefined) return undefined;
  const arg = "options.divergent";
  if (!Array.isArray(value) || value.length !== draws.chains)
    throw argumentError(fn, arg, `an array of ${draws.chains} arrays of booleans (one per chain)`, value);
  return value.map((c: unknown, m) => {
    if (!(Array.isArray(c) || c instanceof Uint8Array)) throw argumentError(fn, `${arg}[${m}]`, "an array of booleans or a Uint8Array", c);
    if (c.length !== draws.samples) throw new ArgumentError(`${fn}: ${arg}[${m}] must have one flag per draw (${draws.samples}), got ${c.length}`);
    return Array.from(c as ArrayLike<unknown>, (v) => v === true || v === 1);
  });
}
